using System.Globalization;

namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// Finds the stream and track in a SETUP/PLAY URL. Clients build track URLs from the
/// Content-Base and a=control differently: FFmpeg sends /test/trackID=0, GStreamer with a query
/// /test?x=1/trackID=0, others /test/trackID=0?x=1, some a trailing slash. All resolve alike.
/// </summary>
public static class MediaPathResolver
{
    /// <summary>Control segment names, compared case-insensitively, followed by '=' and the number.</summary>
    private static readonly string[] ControlNames = ["trackID", "streamid", "track"];

    /// <summary>The name of "trackN", the form without '='.</summary>
    private const string TrackPrefix = "track";

    /// <summary>
    /// Splits a trailing control segment (trackID=N, streamid=N, track=N, trackN) off the path,
    /// or off the query when the path has none; the stream path is what remains of the path.
    /// </summary>
    public static MediaPath Resolve(RtspUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = url.Path;
        var lastSlash = path.LastIndexOf('/');
        if (TryParseControl(path[(lastSlash + 1)..], out var track))
        {
            return new MediaPath(lastSlash < 0 ? string.Empty : path[..lastSlash].Trim('/'), track);
        }

        var query = url.Query.TrimEnd('/');
        var lastQuerySegment = query[(query.LastIndexOf('/') + 1)..];
        return TryParseControl(lastQuerySegment, out track)
            ? new MediaPath(path, track)
            : new MediaPath(path, null);
    }

    private static bool TryParseControl(string segment, out int track)
    {
        foreach (var name in ControlNames)
        {
            if (segment.Length > name.Length
                && segment.StartsWith(name, StringComparison.OrdinalIgnoreCase)
                && segment[name.Length] == '='
                && TryParseTrackNumber(segment.AsSpan(name.Length + 1), out track))
            {
                return true;
            }
        }

        track = 0;
        return segment.StartsWith(TrackPrefix, StringComparison.OrdinalIgnoreCase)
            && TryParseTrackNumber(segment.AsSpan(TrackPrefix.Length), out track);
    }

    private static bool TryParseTrackNumber(ReadOnlySpan<char> text, out int track) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out track);
}
