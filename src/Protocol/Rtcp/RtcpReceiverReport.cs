namespace MediaActors.Protocol.Rtcp;

/// <summary>An RR packet (RFC 3550 section 6.4.2): what a receiver that sends nothing reports about the sources it hears.</summary>
/// <param name="Ssrc">The reporting receiver's SSRC.</param>
/// <param name="ReportBlocks">At most 31 reception reports; an RR with none is how a silent receiver starts its compound packets.</param>
public sealed record RtcpReceiverReport(uint Ssrc, IReadOnlyList<RtcpReportBlock> ReportBlocks) : RtcpPacket(RtcpPacketType.ReceiverReport)
{
    /// <summary>Header and SSRC.</summary>
    internal const int FixedSize = 8;
}
