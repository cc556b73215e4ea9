using System.Globalization;
using System.Text;

namespace MediaActors.Web;

/// <summary>
/// The media playlist of a session's HLS (RFC 8216bis, Low-Latency HLS): version 9; blocking
/// reloads offered (CAN-BLOCK-RELOAD) with players held 3 part targets behind the live edge
/// (PART-HOLD-BACK); each complete segment with its program date and time and duration; the parts
/// of the segments within three target durations of the live edge and of the one being made; and
/// the part being made as the preload hint, which a player asks for before it exists. URIs are
/// relative to the playlist (<see cref="HlsNames"/>). Pure text, from what it is given.
/// </summary>
public static class HlsPlaylist
{
    public const string ContentType = "application/vnd.apple.mpegurl";

    /// <summary>The playlist of <paramref name="segments"/> (complete, oldest first) and <paramref name="open"/>, the segment being made.</summary>
    /// <param name="next">The part being made (the preload hint).</param>
    /// <param name="targetDuration">Seconds, at least every segment's duration.</param>
    /// <param name="partTarget">The configured part duration (PART-TARGET unless a listed part is longer).</param>
    /// <param name="discontinuitySequence">Discontinuities of the segments no longer listed.</param>
    public static string Write(IReadOnlyList<HlsSegment> segments, HlsSegment? open, HlsPosition next, int targetDuration, TimeSpan partTarget,
        long discontinuitySequence)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var firstWithParts = FirstWithParts(segments, open, targetDuration);
        var partTargetSeconds = PartTarget(segments, firstWithParts, open, partTarget);
        var text = new StringBuilder(4096);
        Line(text, "#EXTM3U");
        Line(text, "#EXT-X-VERSION:9");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{targetDuration}\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK={Seconds(3 * partTargetSeconds)}\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-PART-INF:PART-TARGET={Seconds(partTargetSeconds)}\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{(segments.Count > 0 ? segments[0].Msn : open?.Msn ?? next.Msn)}\n");
        if (discontinuitySequence > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-DISCONTINUITY-SEQUENCE:{discontinuitySequence}\n");
        }

        int? map = null;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            Head(text, segment, ref map);
            if (i >= firstWithParts)
            {
                Parts(text, segment);
            }

            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{Seconds(segment.Duration)},\n");
            Line(text, HlsNames.Segment(segment.Msn));
        }

        if (open is not null)
        {
            Head(text, open, ref map);
            Parts(text, open);
        }

        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"{HlsNames.Part(next.Msn, next.Index)}\"\n");
        return text.ToString();
    }

    /// <summary>The first segment whose parts are listed: parts more than three target durations from the live edge are left out.</summary>
    private static int FirstWithParts(IReadOnlyList<HlsSegment> segments, HlsSegment? open, int targetDuration)
    {
        var fromEnd = open?.Duration ?? 0;
        var first = segments.Count;
        while (first > 0 && fromEnd < 3 * targetDuration)
        {
            first--;
            fromEnd += segments[first].Duration;
        }

        return first;
    }

    /// <summary>
    /// The part target: <paramref name="configured"/>, or the longest part listed when one is longer
    /// (a part ends at the picture boundary nearest the configured duration, so it may pass it by
    /// half a picture; no part may be longer than the target the playlist states).
    /// </summary>
    private static double PartTarget(IReadOnlyList<HlsSegment> segments, int firstWithParts, HlsSegment? open, TimeSpan configured)
    {
        var target = configured.TotalSeconds;
        for (var i = firstWithParts; i < segments.Count; i++)
        {
            target = Math.Max(target, Longest(segments[i]));
        }

        return open is null ? target : Math.Max(target, Longest(open));
    }

    private static double Longest(HlsSegment segment) => segment.Parts.Count == 0 ? 0 : segment.Parts.Max(part => part.Duration);

    /// <summary>What applies to a segment and its parts: a discontinuity, its init segment when it changes, its program date and time.</summary>
    private static void Head(StringBuilder text, HlsSegment segment, ref int? map)
    {
        if (segment.Discontinuity)
        {
            Line(text, "#EXT-X-DISCONTINUITY");
        }

        if (map != segment.InitVersion)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-MAP:URI=\"{HlsNames.Init(segment.InitVersion)}\"\n");
            map = segment.InitVersion;
        }

        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-PROGRAM-DATE-TIME:{segment.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}\n");
    }

    private static void Parts(StringBuilder text, HlsSegment segment)
    {
        for (var i = 0; i < segment.Parts.Count; i++)
        {
            var part = segment.Parts[i];
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-PART:DURATION={Seconds(part.Duration)},URI=\"{HlsNames.Part(segment.Msn, i)}\"{(part.Independent ? ",INDEPENDENT=YES" : "")}\n");
        }
    }

    private static string Seconds(double seconds) => seconds.ToString("0.0####", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
