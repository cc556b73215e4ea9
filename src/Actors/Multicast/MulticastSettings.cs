using Akka.Configuration;

namespace MediaActors.Multicast;

/// <summary>
/// Multicast delivery (SETUP with <c>RTP/AVP;multicast</c>): the <c>mediaactors.rtsp.multicast</c>
/// HOCON section (see hocon/mediaactors.conf for why each default).
/// </summary>
/// <param name="Enabled">False: a SETUP asking for multicast only is refused with 461.</param>
/// <param name="Range">The block each session's group is taken from.</param>
/// <param name="PortBase">The ports of the range's first group: its track i goes to PortBase + 2i (RTP) and PortBase + 2i + 1 (RTCP); the next group's are 4 higher.</param>
/// <param name="Ttl">The time-to-live of multicast packets (how many routers they may cross).</param>
/// <param name="Linger">How long a track's group keeps sending after its last reader left, for one who comes back.</param>
public sealed record MulticastSettings(bool Enabled, MulticastRange Range, int PortBase, int Ttl, TimeSpan Linger)
{
    private const string Section = "mediaactors.rtsp.multicast";

    // Two tracks per session (video and audio), each an even/odd pair.
    private const int PortsPerGroup = 4;
    private const int HighestPortBase = 65536 - PortsPerGroup;

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

    /// <summary>How many groups can be handed out at once: as many as the range has addresses, and the ports above the base pairs for.</summary>
    public long MaxGroups => Math.Min(Range.Capacity, (65536 - PortBase) / PortsPerGroup);

    /// <summary>
    /// The RTP and RTCP ports of track <paramref name="trackId"/> in the group the range hands out
    /// <paramref name="groupIndex"/>-th. Every group has ports of its own, not only an address:
    /// GStreamer's rtspsrc binds a group's port on the any-address, so it would also get the
    /// packets of any other group joined on its host with the same port.
    /// </summary>
    public (int Rtp, int Rtcp) Ports(int groupIndex, int trackId)
    {
        var rtp = PortBase + PortsPerGroup * groupIndex + 2 * trackId;
        return (rtp, rtp + 1);
    }
}
