using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MediaActors.Protocol.Sdp;

/// <summary>
/// A parsed session description, reduced to what a player needs to set up tracks. Used by
/// clients pulling from cameras and servers (gst-rtsp-server, FFmpeg, live555, IP cameras) and by
/// tests; reads back what <see cref="SessionDescriptionWriter"/> writes. Lines it has no use for
/// (b=, c=, i=, e=, and o= and t= beyond their presence) are skipped.
/// </summary>
/// <param name="SessionName">The s= value.</param>
/// <param name="SessionAttributes">Session-level a= values (without "a="), in order.</param>
/// <param name="Media">The media sections; for each, the first payload type's rtpmap and fmtp,
/// its control (empty when absent), and the remaining attributes as extras.</param>
public sealed record SessionDescription(string SessionName, IReadOnlyList<string> SessionAttributes, IReadOnlyList<SdpMedia> Media)
{
    /// <summary>Parses SDP text with CRLF or LF lines; false (never throws) when v= is missing or an m= line is malformed.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SessionDescription? description)
    {
        description = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != "v=0")
        {
            return false;
        }

        var sessionName = string.Empty;
        var sessionAttributes = new List<string>();
        var media = new List<SdpMedia>();
        MediaBuilder? current = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    media.Add(current.Build());
                }

                current = MediaBuilder.TryStart(line[2..]);
                if (current is null)
                {
                    return false;
                }
            }
            else if (line.StartsWith("a=", StringComparison.Ordinal))
            {
                if (current is null)
                {
                    sessionAttributes.Add(line[2..]);
                }
                else
                {
                    current.AddAttribute(line[2..]);
                }
            }
            else if (line.StartsWith("s=", StringComparison.Ordinal) && current is null)
            {
                sessionName = line[2..];
            }
        }

        if (current is not null)
        {
            media.Add(current.Build());
        }

        description = new SessionDescription(sessionName, sessionAttributes, media);
        return true;
    }

    /// <summary>Collects the attributes of one m= section.</summary>
    private sealed class MediaBuilder(string media, int payloadType)
    {
        private readonly List<string> _extraAttributes = [];
        private string _rtpMap = string.Empty;
        private string? _formatParameters;
        private string _control = string.Empty;

        /// <summary>"video 0 RTP/AVP 96": media, port, protocol, formats; null when malformed.</summary>
        public static MediaBuilder? TryStart(string mediaLine)
        {
            var fields = mediaLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length >= 4 && int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var payloadType)
                ? new MediaBuilder(fields[0], payloadType)
                : null;
        }

        public void AddAttribute(string attribute)
        {
            var payloadPrefix = $"{payloadType.ToString(CultureInfo.InvariantCulture)} ";
            if (TryGetValue(attribute, "rtpmap:", payloadPrefix, out var value))
            {
                _rtpMap = value;
            }
            else if (TryGetValue(attribute, "fmtp:", payloadPrefix, out value))
            {
                _formatParameters = value;
            }
            else if (attribute.StartsWith("control:", StringComparison.Ordinal))
            {
                _control = attribute["control:".Length..];
            }
            else
            {
                _extraAttributes.Add(attribute);
            }
        }

        public SdpMedia Build() => new(media, payloadType, _rtpMap, _formatParameters, _control, _extraAttributes);

        private static bool TryGetValue(string attribute, string name, string payloadPrefix, out string value)
        {
            var prefix = name + payloadPrefix;
            value = attribute.StartsWith(prefix, StringComparison.Ordinal) ? attribute[prefix.Length..] : string.Empty;
            return value.Length > 0;
        }
    }
}
