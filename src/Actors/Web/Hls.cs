namespace MediaActors.Web;

/// <summary>
/// The requests a session's <see cref="HlsActor"/> answers (through <see cref="WebStreams.Hls"/>),
/// one per file a player fetches, and its answers: <see cref="Playlist"/>, <see cref="Content"/> or
/// <see cref="Refused"/>. A request for something not made yet may wait for it (a blocking playlist
/// reload, the hinted part), never longer than a few target durations.
/// </summary>
public static class Hls
{
    /// <summary>
    /// index.m3u8. Without <paramref name="Msn"/> it is answered at once (once there is a segment);
    /// with it (<c>_HLS_msn</c>, and <c>_HLS_part</c> as <paramref name="Part"/>), once the playlist
    /// holds that segment, or that part of it, or a later one.
    /// </summary>
    public sealed record GetPlaylist(long? Msn = null, int? Part = null);

    /// <summary>An init segment: <paramref name="Version"/> 0 is init.mp4, later ones follow a change of the stream's format.</summary>
    public sealed record GetInit(int Version);

    /// <summary>A whole segment (its parts one after the other).</summary>
    public sealed record GetSegment(long Msn);

    /// <summary>Part <paramref name="Index"/> (from 0) of segment <paramref name="Msn"/>; the part being made is answered once it is cut.</summary>
    public sealed record GetPart(long Msn, int Index);

    /// <summary>The media playlist's text.</summary>
    public sealed record Playlist(string Text);

    /// <summary>A file's bytes, in pieces to be sent one after the other (a segment is its parts).</summary>
    public sealed record Content(IReadOnlyList<byte[]> Pieces)
    {
        public long Length => Pieces.Sum(piece => (long)piece.Length);
    }

    /// <summary>
    /// Not answered with content: <paramref name="Status"/> is the HTTP status that fits (400 a
    /// request the spec calls bad, 404 nothing of that name, 503 not there in time or HLS unavailable).
    /// </summary>
    public sealed record Refused(int Status, string Reason);
}
