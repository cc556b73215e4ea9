using System.Buffers.Binary;
using System.Text;

namespace MediaActors.Protocol.Rtcp;

/// <summary>
/// Parses a compound RTCP packet (one UDP datagram or one interleaved frame) into its packets.
/// Never throws on bad input: a compound that fails validation yields nothing.
/// </summary>
/// <remarks>
/// The checks are those of RFC 3550 appendix A.2: version 2, lengths that add up exactly to the
/// datagram, padding only on the last packet. The rule that a compound must start with SR or RR
/// is not enforced, because RFC 5506 reduced-size RTCP (feedback alone, e.g. a PLI from a
/// browser) legitimately breaks it and the packets are still meaningful.
/// </remarks>
public static class RtcpCompoundReader
{
    /// <summary>
    /// Appends the packets of <paramref name="data"/> to <paramref name="packets"/>: SR, RR, one
    /// <see cref="RtcpSourceDescription"/> per SDES chunk with a CNAME, BYE, and an
    /// <see cref="RtcpUnknownPacket"/> for every other well-formed packet.
    /// </summary>
    /// <returns>False, with <paramref name="packets"/> unchanged, when the compound is malformed or empty.</returns>
    public static bool TryRead(ReadOnlySpan<byte> data, List<RtcpPacket> packets)
    {
        ArgumentNullException.ThrowIfNull(packets);
        var countBefore = packets.Count;
        if (data.IsEmpty)
        {
            return false;
        }

        while (!data.IsEmpty)
        {
            if (!TryReadPacket(data, packets, out var packetLength))
            {
                packets.RemoveRange(countBefore, packets.Count - countBefore);
                return false;
            }

            data = data[packetLength..];
        }

        return true;
    }

    private static bool TryReadPacket(ReadOnlySpan<byte> data, List<RtcpPacket> packets, out int packetLength)
    {
        packetLength = 0;
        if (data.Length < RtcpHeader.Size || (data[0] & RtcpHeader.VersionMask) != RtcpHeader.Version2)
        {
            return false;
        }

        packetLength = (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1) * RtcpHeader.WordSize;
        if (packetLength > data.Length)
        {
            return false;
        }

        var body = data[RtcpHeader.Size..packetLength];
        if ((data[0] & RtcpHeader.PaddingBit) != 0)
        {
            // Only the last packet of a compound may be padded; the last byte counts the padding, itself included.
            var padding = body.IsEmpty ? 0 : body[^1];
            if (packetLength != data.Length || padding == 0 || padding > body.Length)
            {
                return false;
            }

            body = body[..^padding];
        }

        var count = data[0] & RtcpHeader.CountMask;
        var type = (RtcpPacketType)data[1];
        return type switch
        {
            RtcpPacketType.SenderReport => TryReadSenderReport(body, count, packets),
            RtcpPacketType.ReceiverReport => TryReadReceiverReport(body, count, packets),
            RtcpPacketType.SourceDescription => TryReadSourceDescription(body, count, packets),
            RtcpPacketType.Goodbye => TryReadGoodbye(body, count, packets),
            _ => Add(packets, new RtcpUnknownPacket(type, (byte)count, packetLength)),
        };
    }

    /// <summary>SSRC, sender info, report blocks; any profile-specific extension after them is ignored.</summary>
    private static bool TryReadSenderReport(ReadOnlySpan<byte> body, int count, List<RtcpPacket> packets)
    {
        const int senderInfoEnd = RtcpSenderReport.FixedSize - RtcpHeader.Size;
        if (body.Length < senderInfoEnd + (count * RtcpReportBlock.Size))
        {
            return false;
        }

        return Add(packets, new RtcpSenderReport(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            new NtpTimestamp(BinaryPrimitives.ReadUInt64BigEndian(body[4..])),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]),
            ReadReportBlocks(body[senderInfoEnd..], count)));
    }

    private static bool TryReadReceiverReport(ReadOnlySpan<byte> body, int count, List<RtcpPacket> packets)
    {
        const int ssrcEnd = RtcpReceiverReport.FixedSize - RtcpHeader.Size;
        if (body.Length < ssrcEnd + (count * RtcpReportBlock.Size))
        {
            return false;
        }

        return Add(packets, new RtcpReceiverReport(BinaryPrimitives.ReadUInt32BigEndian(body), ReadReportBlocks(body[ssrcEnd..], count)));
    }

    private static RtcpReportBlock[] ReadReportBlocks(ReadOnlySpan<byte> source, int count)
    {
        var blocks = count == 0 ? [] : new RtcpReportBlock[count];
        for (var i = 0; i < count; i++)
        {
            blocks[i] = RtcpReportBlock.Read(source[(i * RtcpReportBlock.Size)..]);
        }

        return blocks;
    }

    /// <summary>
    /// RFC 3550 6.5: each chunk is an SSRC and items (type, length, text) ended by one or more null
    /// octets up to the next word boundary. Items other than CNAME are skipped.
    /// </summary>
    private static bool TryReadSourceDescription(ReadOnlySpan<byte> body, int count, List<RtcpPacket> packets)
    {
        var offset = 0;
        for (var chunk = 0; chunk < count; chunk++)
        {
            if (body.Length - offset < sizeof(uint))
            {
                return false;
            }

            var ssrc = BinaryPrimitives.ReadUInt32BigEndian(body[offset..]);
            offset += sizeof(uint);
            string? cname = null;
            while (true)
            {
                if (offset >= body.Length)
                {
                    return false; // the item list must end with a null octet
                }

                var itemType = body[offset];
                if (itemType == RtcpSourceDescription.EndItem)
                {
                    // Skip the terminator and the padding to the chunk's word boundary.
                    offset = RtcpHeader.AlignToWord(offset + 1);
                    break;
                }

                if (body.Length - offset < 2 || body.Length - offset - 2 < body[offset + 1])
                {
                    return false;
                }

                int itemLength = body[offset + 1];
                if (itemType == RtcpSourceDescription.CnameItem && cname is null)
                {
                    cname = Encoding.UTF8.GetString(body.Slice(offset + 2, itemLength));
                }

                offset += 2 + itemLength;
            }

            if (offset > body.Length)
            {
                return false;
            }

            if (cname is not null)
            {
                packets.Add(new RtcpSourceDescription(ssrc, cname));
            }
        }

        return true;
    }

    /// <summary>RFC 3550 6.6: the SSRCs, then an optional length-prefixed reason.</summary>
    private static bool TryReadGoodbye(ReadOnlySpan<byte> body, int count, List<RtcpPacket> packets)
    {
        var ssrcEnd = count * sizeof(uint);
        if (body.Length < ssrcEnd)
        {
            return false;
        }

        var ssrcs = count == 0 ? [] : new uint[count];
        for (var i = 0; i < count; i++)
        {
            ssrcs[i] = BinaryPrimitives.ReadUInt32BigEndian(body[(i * sizeof(uint))..]);
        }

        string? reason = null;
        var rest = body[ssrcEnd..];
        if (!rest.IsEmpty)
        {
            int reasonLength = rest[0];
            if (rest.Length - 1 < reasonLength)
            {
                return false;
            }

            reason = Encoding.UTF8.GetString(rest.Slice(1, reasonLength));
        }

        return Add(packets, new RtcpGoodbye(ssrcs, reason));
    }

    private static bool Add(List<RtcpPacket> packets, RtcpPacket packet)
    {
        packets.Add(packet);
        return true;
    }
}
