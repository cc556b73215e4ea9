namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// Chooses the transport of a SETUP from the alternatives of its Transport header (RFC 2326
/// 12.39): the first, in the client's order of preference, that the server supports. That is
/// unicast RTP/AVP either over UDP to the client's ports or interleaved on the RTSP connection,
/// or multicast RTP/AVP over UDP to the group the server chose for the track.
/// </summary>
public static class TransportNegotiation
{
    private const string RtpProfile = "RTP/AVP";

    /// <summary>
    /// The accepted transport, or null when no alternative is acceptable (the server answers 461).
    /// Profiles other than RTP/AVP are passed over, as is UDP without a client RTP port, and
    /// multicast without a <paramref name="multicast"/> group (switched off, or none free). Over TCP the channels the client names are kept unless a track of this connection
    /// already uses them; otherwise, or when it names none, it gets the lowest free even pair.
    /// </summary>
    /// <param name="offered">The client's alternatives, in its order of preference.</param>
    /// <param name="serverPorts">The server's RTP and RTCP ports, for the reply of a UDP transport.</param>
    /// <param name="channelsInUse">The interleaved channel pairs the tracks of this connection already use.</param>
    /// <param name="ssrc">The SSRC the track's packets carry, for the reply.</param>
    /// <param name="multicast">The group the track's multicast stream goes to; null when multicast is not available.</param>
    /// <param name="interleavedOnly">Only TCP interleaved is acceptable: on an RTSPS connection, where
    /// media sent beside it over UDP (unicast or multicast) would travel unencrypted (players then fall back to TCP).</param>
    public static AcceptedTransport? Choose(
        IReadOnlyList<TransportSpec> offered,
        (int Rtp, int Rtcp) serverPorts,
        IReadOnlyCollection<(int Rtp, int Rtcp)> channelsInUse,
        uint ssrc,
        MulticastDestination? multicast = null,
        bool interleavedOnly = false)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(channelsInUse);
        foreach (var spec in offered)
        {
            if (!IsRtp(spec))
            {
                continue;
            }

            if (!spec.Unicast)
            {
                if (spec.LowerTransport == LowerTransport.Udp && multicast is { } group && !interleavedOnly)
                {
                    return Multicast(spec, group, ssrc);
                }

                continue;
            }

            // Media goes to the peer of the connection only: honouring destination= would let any
            // client aim the server's traffic at a third party.
            var reply = spec with { Destination = null, Ssrc = ssrc };
            if (spec.LowerTransport == LowerTransport.Tcp)
            {
                var channels = spec.Interleaved is { } named && !channelsInUse.Any(used => used.Rtp == named.Rtp)
                    ? named
                    : LowestFreePair(channelsInUse);
                return new AcceptedTransport(reply with { Interleaved = channels }, LowerTransport.Tcp, channels);
            }

            if (spec.ClientPorts is { Rtp: > 0 } clientPorts && !interleavedOnly)
            {
                return new AcceptedTransport(reply with { ServerPorts = serverPorts }, LowerTransport.Udp, clientPorts);
            }
        }

        return null;
    }

    /// <summary>Whether the client offers multicast RTP/AVP over UDP at all: only then does a SETUP need a group.</summary>
    public static bool OffersMulticast(IReadOnlyList<TransportSpec> offered) =>
        offered.Any(spec => !spec.Unicast && spec.LowerTransport == LowerTransport.Udp && IsRtp(spec));

    private static bool IsRtp(TransportSpec spec) => spec.Profile.StartsWith(RtpProfile, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The server's group, ports and TTL, whatever the client named: a client-chosen destination or
    /// port would let it aim the server's traffic anywhere, and every reader of the track shares one stream.
    /// </summary>
    private static AcceptedTransport Multicast(TransportSpec spec, MulticastDestination group, uint ssrc) =>
        new(spec with
        {
            Destination = group.Group.ToString(),
            Port = group.Ports,
            Ttl = group.Ttl,
            ClientPorts = null,
            ServerPorts = null,
            Ssrc = ssrc,
        }, LowerTransport.Udp, group.Ports);

    /// <summary>The lowest even channel pair whose RTP channel no track uses.</summary>
    private static (int Rtp, int Rtcp) LowestFreePair(IReadOnlyCollection<(int Rtp, int Rtcp)> channelsInUse)
    {
        var channel = 0;
        while (channelsInUse.Any(used => used.Rtp == channel))
        {
            channel += 2;
        }

        return (channel, channel + 1);
    }
}
