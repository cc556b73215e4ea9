namespace MediaActors.Protocol.Rtcp;

/// <summary>
/// A well-formed packet of a type this library does not decode (APP, RTPFB, PSFB, XR, ...). It is
/// reported rather than dropped silently so that a server can at least count PLI or NACK requests.
/// </summary>
/// <param name="PacketType">The PT byte; may be a value <see cref="RtcpPacketType"/> does not name.</param>
/// <param name="Format">The 5-bit count field, which feedback packets use as FMT (RTPFB 1 = NACK, PSFB 1 = PLI).</param>
/// <param name="Length">The packet's length in bytes, header and padding included.</param>
public sealed record RtcpUnknownPacket(RtcpPacketType PacketType, byte Format, int Length) : RtcpPacket(PacketType);
