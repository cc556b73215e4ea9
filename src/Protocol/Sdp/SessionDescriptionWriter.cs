using System.Globalization;
using System.Text;

namespace MediaActors.Protocol.Sdp;

/// <summary>Writes the SDP (RFC 4566) answer to DESCRIBE for a live stream.</summary>
public static class SessionDescriptionWriter
{
    /// <summary>
    /// Writes the description with CRLF line endings: session lines, then one m= section per
    /// media. The connection address is 0.0.0.0 because the real destination is negotiated by
    /// SETUP; a=range:npt=0- marks the stream as live; a=control:* makes the request URL the
    /// aggregate control.
    /// </summary>
    /// <exception cref="ArgumentException">A field contains CR or LF (it would inject SDP lines).</exception>
    public static string Write(SessionDescriptionOptions options, IReadOnlyList<SdpMedia> media)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(media);
        var addressType = options.OriginAddress.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4";
        var sdp = new StringBuilder(512);
        AppendLine(sdp, "v=0");
        AppendLine(sdp, string.Create(CultureInfo.InvariantCulture, $"o=- {options.SessionId} {options.SessionVersion} IN {addressType} {options.OriginAddress}"));
        // RFC 4566 5.3: s= must not be empty; a single space stands for "no name".
        AppendLine(sdp, $"s={(options.SessionName.Length == 0 ? " " : options.SessionName)}");
        AppendLine(sdp, "c=IN IP4 0.0.0.0");
        AppendLine(sdp, "t=0 0");
        AppendLine(sdp, $"a=tool:{options.Tool}");
        AppendLine(sdp, "a=range:npt=0-");
        AppendLine(sdp, "a=control:*");
        foreach (var section in media)
        {
            AppendMedia(sdp, section);
        }

        return sdp.ToString();
    }

    private static void AppendMedia(StringBuilder sdp, SdpMedia media)
    {
        var payloadType = media.PayloadType.ToString(CultureInfo.InvariantCulture);
        AppendLine(sdp, $"m={media.Media} 0 RTP/AVP {payloadType}");
        AppendLine(sdp, $"a=rtpmap:{payloadType} {media.RtpMap}");
        if (media.FormatParameters is not null)
        {
            AppendLine(sdp, $"a=fmtp:{payloadType} {media.FormatParameters}");
        }

        AppendLine(sdp, $"a=control:{media.Control}");
        foreach (var attribute in media.ExtraAttributes)
        {
            AppendLine(sdp, $"a={attribute}");
        }
    }

    private static void AppendLine(StringBuilder sdp, string line)
    {
        if (line.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new ArgumentException($"SDP field contains a line break: '{line.ReplaceLineEndings(" ")}'.");
        }

        sdp.Append(line).Append("\r\n");
    }
}
