using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace MediaActors.LoadClient.Rtsp;

/// <summary>Reads the Transport header of a SETUP reply.</summary>
public static class TransportReply
{
    /// <summary>The RTP channel of `interleaved=a-b` (a), or null when the reply names none.</summary>
    public static byte? InterleavedRtpChannel(string? transport)
    {
        foreach (var parameter in (transport ?? "").Split(';'))
        {
            var trimmed = parameter.Trim();
            if (trimmed.StartsWith("interleaved=", StringComparison.OrdinalIgnoreCase) &&
                byte.TryParse(trimmed["interleaved=".Length..].Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var channel))
            {
                return channel;
            }
        }
        return null;
    }

    /// <summary>The group and ports of a multicast reply (`destination=g;port=a-b`), or null when it names none.</summary>
    public static (IPAddress Group, (int Rtp, int Rtcp) Ports)? MulticastGroup(string? transport)
    {
        var destination = Regex.Match(transport ?? "", @"(?:^|;)\s*destination=([0-9.]+)");
        var ports = Regex.Match(transport ?? "", @"(?:^|;)\s*port=(\d+)-(\d+)");
        return destination.Success && ports.Success && IPAddress.TryParse(destination.Groups[1].Value, out var group)
            ? (group, (int.Parse(ports.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(ports.Groups[2].Value, CultureInfo.InvariantCulture)))
            : null;
    }
}
