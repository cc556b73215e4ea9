namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// Chooses the transport of a SETUP from the alternatives of its Transport header (RFC 2326
/// 12.39): the first, in the client's order of preference, that the server supports. That is
/// unicast RTP/AVP either over UDP to the client's ports or interleaved on the RTSP connection.
/// </summary>
public static class TransportNegotiation
{
    private const string RtpProfile = "RTP/AVP";

    /// <summary>
    /// The accepted transport, or null when no alternative is acceptable (the server answers 461).
    /// Multicast and profiles other than RTP/AVP are passed over, as is UDP without a client RTP
    /// port. Over TCP the channels the client names are kept unless a track of this connection
    /// already uses them; otherwise, or when it names none, it gets the lowest free even pair.
    /// </summary>
    /// <param name="offered">The client's alternatives, in its order of preference.</param>
    /// <param name="serverPorts">The server's RTP and RTCP ports, for the reply of a UDP transport.</param>
    /// <param name="channelsInUse">The interleaved channel pairs the tracks of this connection already use.</param>
    /// <param name="ssrc">The SSRC the track's packets carry, for the reply.</param>
    /// <param name="interleavedOnly">Only TCP interleaved is acceptable: on an RTSPS connection, where
    /// media sent beside it over UDP would travel unencrypted (players then fall back to TCP).</param>
    public static AcceptedTransport? Choose(
        IReadOnlyList<TransportSpec> offered,
        (int Rtp, int Rtcp) serverPorts,
        IReadOnlyCollection<(int Rtp, int Rtcp)> channelsInUse,
        uint ssrc,
        bool interleavedOnly = false)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(channelsInUse);
        foreach (var spec in offered)
        {
            if (!spec.Unicast || !spec.Profile.StartsWith(RtpProfile, StringComparison.OrdinalIgnoreCase))
            {
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
