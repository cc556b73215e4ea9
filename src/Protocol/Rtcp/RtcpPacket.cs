namespace MediaActors.Protocol.Rtcp;

/// <summary>One packet of an RTCP compound packet, as <see cref="RtcpCompoundReader"/> yields it.</summary>
/// <param name="PacketType">The PT byte.</param>
public abstract record RtcpPacket(RtcpPacketType PacketType);
