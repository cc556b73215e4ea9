namespace MediaActors.Protocol.Rtcp;

/// <summary>
/// An SR packet (RFC 3550 section 6.4.1): the sender's wall clock and RTP clock at one instant,
/// and how much it has sent, plus optional reception reports if it also receives.
/// </summary>
/// <param name="Ssrc">The sender's SSRC, the same as in its RTP packets.</param>
/// <param name="NtpTimestamp">The wall-clock instant of this report.</param>
/// <param name="RtpTimestamp">The same instant on the stream's RTP clock (same random offset as its packets).</param>
/// <param name="PacketCount">RTP packets sent since the start, modulo 2^32.</param>
/// <param name="OctetCount">RTP payload octets (headers and padding excluded) sent since the start, modulo 2^32.</param>
/// <param name="ReportBlocks">Reception reports, at most 31; null or empty for none.</param>
public sealed record RtcpSenderReport(
    uint Ssrc,
    NtpTimestamp NtpTimestamp,
    uint RtpTimestamp,
    uint PacketCount,
    uint OctetCount,
    IReadOnlyList<RtcpReportBlock>? ReportBlocks = null) : RtcpPacket(RtcpPacketType.SenderReport)
{
    /// <summary>The reception reports; never null.</summary>
    public IReadOnlyList<RtcpReportBlock> ReportBlocks { get; init; } = ReportBlocks ?? [];

    /// <summary>Header, SSRC and the 20-byte sender info.</summary>
    internal const int FixedSize = 28;
}
