using Akka.Configuration;

namespace MediaActors.Multicast;

/// <summary>
/// Multicast delivery (SETUP with <c>RTP/AVP;multicast</c>): the <c>mediaactors.rtsp.multicast</c>
/// HOCON section (see hocon/mediaactors.conf for why each default).
/// </summary>
/// <param name="Enabled">False: a SETUP asking for multicast only is refused with 461.</param>
/// <param name="Range">The block each session's group is taken from.</param>
/// <param name="PortBase">Track i of every group is sent to ports PortBase + 2i (RTP) and PortBase + 2i + 1 (RTCP).</param>
/// <param name="Ttl">The time-to-live of multicast packets (how many routers they may cross).</param>
/// <param name="Linger">How long a track's group keeps sending after its last reader left, for one who comes back.</param>
public sealed record MulticastSettings(bool Enabled, MulticastRange Range, int PortBase, int Ttl, TimeSpan Linger)
{
    private const string Section = "mediaactors.rtsp.multicast";

    // Two tracks per session (video and audio), each an even/odd pair.
    private const int HighestPortBase = 65534 - 2;

    public static MulticastSettings FromConfig(Config multicast)
    {
        var rangeText = multicast.GetString("range") ?? "";
        if (!MulticastRange.TryParse(rangeText, out var range, out var error))
        {
            throw new ConfigurationException($"{Section}.range {error}.");
        }

        var portBase = multicast.GetInt("port-base");
        if (portBase is < 1024 or > HighestPortBase || portBase % 2 != 0)
        {
            throw new ConfigurationException($"{Section}.port-base {portBase} must be an even port from 1024 to {HighestPortBase}.");
        }

        var ttl = multicast.GetInt("ttl");
        if (ttl is < 1 or > 255)
        {
            throw new ConfigurationException($"{Section}.ttl {ttl} must be from 1 to 255.");
        }

        var linger = multicast.GetTimeSpan("linger");
        if (linger < TimeSpan.Zero)
        {
            throw new ConfigurationException($"{Section}.linger must not be negative.");
        }

        return new MulticastSettings(multicast.GetBoolean("enabled"), range, portBase, ttl, linger);
    }
}
