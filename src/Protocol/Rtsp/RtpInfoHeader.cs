using System.Globalization;
using System.Text;

namespace MediaActors.Protocol.Rtsp;

/// <summary>The RTP-Info header (RFC 2326 section 12.33).</summary>
public static class RtpInfoHeader
{
    /// <summary>"url=rtsp://.../trackID=0;seq=123;rtptime=456,url=...", one entry per track.</summary>
    public static string Format(IEnumerable<RtpInfoEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var value = new StringBuilder();
        foreach (var entry in entries)
        {
            if (value.Length > 0)
            {
                value.Append(',');
            }

            value.Append(CultureInfo.InvariantCulture, $"url={entry.Url};seq={entry.SequenceNumber};rtptime={entry.RtpTime}");
        }

        return value.ToString();
    }
}
