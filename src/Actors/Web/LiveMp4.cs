namespace MediaActors.Web;

/// <summary>
/// The messages of a session's <see cref="LiveMp4Actor"/>, the fMP4 stream every web viewer of
/// the session shares: an init segment, then one fragment per video frame or audio chunk.
/// Viewers take it under credit like every other hop (<see cref="Flow.FrameFlow.Request"/> for each
/// fragment handled, <see cref="Flow.FrameFlow.Detach"/> to leave), and are told
/// <see cref="Flow.FrameFlow.Ended"/> when the stream cannot be watched (no such session, or it ended).
/// </summary>
public static class LiveMp4
{
    /// <summary>A viewer joins with <paramref name="Credit"/> fragments in flight: it gets <see cref="Init"/>, the current GOP, then live fragments.</summary>
    public sealed record Watch(int Credit);

    /// <summary>
    /// Where a viewer's stream (re)starts: the MSE type and the init segment; the fragments that
    /// follow need it. Sent again when the session's stream restarts with a new format.
    /// </summary>
    public sealed record Init(string MimeType, byte[] Segment, int Width, int Height);

    /// <summary>One moof+mdat: a video frame (a keyframe starts a GOP) or an audio chunk.</summary>
    public sealed record Fragment(byte[] Data, bool IsVideo, bool IsKeyframe);
}
