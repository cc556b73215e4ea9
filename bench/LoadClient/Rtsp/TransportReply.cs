using System.Globalization;

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
}
