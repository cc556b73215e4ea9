using System.Buffers.Binary;

namespace MediaActors.Protocol.Rtcp;

/// <summary>
/// A reception report block (RFC 3550 section 6.4.1): what a receiver says about one source.
/// </summary>
/// <param name="Ssrc">The source this block reports on.</param>
/// <param name="FractionLost">Packets lost since the previous report, as a fixed-point fraction of 256.</param>
/// <param name="CumulativeLost">Packets lost since reception began (24-bit signed on the wire: duplicates can make it negative).</param>
/// <param name="ExtendedHighestSequenceNumber">Cycles of the 16-bit sequence number in the upper 16 bits, the highest sequence number received in the lower.</param>
/// <param name="Jitter">Interarrival jitter in RTP timestamp units.</param>
/// <param name="LastSenderReport">The middle 32 bits of the NTP timestamp of the last SR received (<see cref="NtpTimestamp.Middle32Bits"/>), 0 if none.</param>
/// <param name="DelaySinceLastSenderReport">Time from receiving that SR to sending this block, in units of 1/65536 s.</param>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    /// <summary>Size of a block on the wire.</summary>
    public const int Size = 24;

    /// <summary>Largest and smallest values of the 24-bit signed cumulative-lost field.</summary>
    public const int MaxCumulativeLost = 0x7F_FFFF;

    /// <inheritdoc cref="MaxCumulativeLost"/>
    public const int MinCumulativeLost = -0x80_0000;

    private const uint CumulativeLostMask = 0xFF_FFFF;

    /// <summary>
    /// Writes the block; a cumulative loss beyond the 24-bit range is clamped to it, as RFC 3550
    /// appendix A.3 does, rather than wrapping into a wildly wrong value.
    /// </summary>
    internal void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        var lost = (uint)Math.Clamp(CumulativeLost, MinCumulativeLost, MaxCumulativeLost) & CumulativeLostMask;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | lost);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }

    /// <summary>Reads a block from the first <see cref="Size"/> bytes of <paramref name="source"/>; the caller checked the length.</summary>
    internal static RtcpReportBlock Read(ReadOnlySpan<byte> source)
    {
        var lossWord = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        // Shift the 24-bit field to the top and back to sign-extend it.
        var cumulativeLost = (int)(lossWord << 8) >> 8;
        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            (byte)(lossWord >> 24),
            cumulativeLost,
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[20..]));
    }
}
