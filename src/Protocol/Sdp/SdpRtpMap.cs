using System.Globalization;

namespace MediaActors.Protocol.Sdp;

/// <summary>
/// The value of an a=rtpmap attribute after the payload type (RFC 4566 6): "H264/90000",
/// "MPEG4-GENERIC/48000/2". What a receiver matches a codec by.
/// </summary>
/// <param name="EncodingName">The encoding name as written; compare it without regard to case.</param>
/// <param name="ClockRate">The RTP clock rate in Hz.</param>
/// <param name="Channels">The audio channel count, null when not written (RFC 4566 then means one).</param>
public readonly record struct SdpRtpMap(string EncodingName, int ClockRate, int? Channels)
{
    /// <summary>Parses "&lt;encoding&gt;/&lt;clock rate&gt;[/&lt;channels&gt;]"; false (never throws) for anything else.</summary>
    public static bool TryParse(string text, out SdpRtpMap rtpMap)
    {
        rtpMap = default;
        var fields = (text ?? string.Empty).Trim().Split('/');
        if (fields.Length is < 2 or > 3 || fields[0].Length == 0
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var clockRate) || clockRate == 0)
        {
            return false;
        }

        int? channels = null;
        if (fields.Length == 3)
        {
            if (!int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count == 0)
            {
                return false;
            }

            channels = count;
        }

        rtpMap = new SdpRtpMap(fields[0], clockRate, channels);
        return true;
    }

    /// <summary>The attribute value again, as <see cref="TryParse"/> reads it.</summary>
    public override string ToString() =>
        Channels is { } channels
            ? string.Create(CultureInfo.InvariantCulture, $"{EncodingName}/{ClockRate}/{channels}")
            : string.Create(CultureInfo.InvariantCulture, $"{EncodingName}/{ClockRate}");
}
