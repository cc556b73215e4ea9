using MediaActors.Protocol.Formats;

namespace MediaActors.LoadClient.Rtsp;

/// <summary>The parts of a DESCRIBE answer's SDP the client needs: the session's control URL and the first video stream's.</summary>
/// <param name="Control">The session-level `a=control` (the aggregate URL for PLAY), or null.</param>
public sealed record SessionDescription(string? Control, VideoStream? Video)
{
    public static SessionDescription Parse(string sdp)
    {
        string? sessionControl = null;
        string? videoControl = null;
        string? videoPayloadType = null;
        Codec? codec = null;
        var section = Section.Session;
        foreach (var rawLine in sdp.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                // The first video m-line is the one played; later media sections (audio, a second video) are skipped.
                var isFirstVideo = line.StartsWith("m=video ", StringComparison.Ordinal) && videoPayloadType is null;
                section = isFirstVideo ? Section.Video : Section.Other;
                if (isFirstVideo)
                {
                    videoPayloadType = line.Split(' ').ElementAtOrDefault(3) ?? "";
                }
            }
            else if (line.StartsWith("a=control:", StringComparison.Ordinal))
            {
                var control = line["a=control:".Length..].Trim();
                if (section == Section.Session)
                {
                    sessionControl = control;
                }
                else if (section == Section.Video)
                {
                    videoControl = control;
                }
            }
            else if (section == Section.Video && line.StartsWith($"a=rtpmap:{videoPayloadType} ", StringComparison.Ordinal))
            {
                var encoding = line[(line.IndexOf(' ') + 1)..].Split('/')[0].Trim();
                codec = CodecOf(encoding);
            }
        }
        return new SessionDescription(sessionControl, videoPayloadType is null ? null : new VideoStream(videoControl, codec));
    }

    /// <summary>The video codecs whose keyframes the client recognises, by rtpmap encoding name (`H264/90000` gives H.264); null for any other.</summary>
    private static Codec? CodecOf(string encodingName) => encodingName.ToUpperInvariant() switch
    {
        "H264" => Codec.H264,
        "H265" or "HEVC" => Codec.H265,
        _ => null,
    };

    private enum Section
    {
        Session,
        Video,
        Other,
    }
}

/// <param name="Control">The stream's `a=control` (the URL to SETUP, absolute or relative), or null when it has none.</param>
/// <param name="Codec">The stream's codec when it is one whose keyframes the client recognises.</param>
public sealed record VideoStream(string? Control, Codec? Codec);
