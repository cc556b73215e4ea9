namespace MediaActors.Protocol.Rtsp;

/// <summary>The transport a SETUP agreed on (<see cref="TransportNegotiation"/>).</summary>
/// <param name="Reply">What the reply's Transport header says: the client's alternative without a
/// destination, with the server's ports (UDP) or the channels (TCP) and the SSRC filled in.</param>
/// <param name="LowerTransport">UDP: media goes from the server's ports to the client's; TCP: it is
/// interleaved on the RTSP connection.</param>
/// <param name="Ports">Where media goes: the client's RTP and RTCP ports (UDP), the group's (multicast),
/// or the interleaved channel pair (TCP).</param>
public sealed record AcceptedTransport(TransportSpec Reply, LowerTransport LowerTransport, (int Rtp, int Rtcp) Ports)
{
    /// <summary>The track's media goes to a multicast group the server chose, shared by every reader of it.</summary>
    public bool IsMulticast => !Reply.Unicast;
}
