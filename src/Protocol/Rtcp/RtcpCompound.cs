using System.Buffers.Binary;
using System.Text;

namespace MediaActors.Protocol.Rtcp;

/// <summary>
/// Writes the compound RTCP packets a sender and a receiver send. RFC 3550 section 6.1: every
/// compound packet starts with an SR or RR and carries an SDES with the CNAME, so the writers
/// only offer those combinations.
/// </summary>
/// <remarks>
/// The Write methods fill a caller-provided span (e.g. a pooled buffer of <see cref="MaxLength"/>
/// bytes) and allocate nothing but the UTF-8 text they encode in place; the array-returning ones
/// are for callers that keep the packet.
/// </remarks>
public static class RtcpCompound
{
    /// <summary>
    /// The longest compound packet these writers produce: an SR with 31 report blocks (772
    /// bytes), an SDES with a 255-byte CNAME (268) and a BYE with a 255-byte reason (264).
    /// </summary>
    public const int MaxLength = 1304;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes SR + SDES(CNAME) and returns the number of bytes written.</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="destination"/> is too short, there are more than 31 report blocks, or the
    /// CNAME is empty or longer than 255 bytes of UTF-8.
    /// </exception>
    public static int WriteSenderReport(Span<byte> destination, RtcpSenderReport senderReport, string cname)
    {
        ArgumentNullException.ThrowIfNull(senderReport);
        var cnameLength = CnameLength(cname);
        var length = SenderReportLength(senderReport) + SourceDescriptionLength(cnameLength);
        EnsureCapacity(destination, length);
        var offset = WriteSenderReportPacket(destination, senderReport);
        WriteSourceDescriptionPacket(destination[offset..], senderReport.Ssrc, cname, cnameLength);
        return length;
    }

    /// <summary>SR + SDES(CNAME) in a new array.</summary>
    /// <exception cref="ArgumentException">More than 31 report blocks, or the CNAME is empty or longer than 255 bytes of UTF-8.</exception>
    public static byte[] SenderReport(RtcpSenderReport senderReport, string cname)
    {
        ArgumentNullException.ThrowIfNull(senderReport);
        var packet = new byte[SenderReportLength(senderReport) + SourceDescriptionLength(CnameLength(cname))];
        WriteSenderReport(packet, senderReport, cname);
        return packet;
    }

    /// <summary>
    /// Writes SR + SDES(CNAME) + BYE for the sender's SSRC: the last compound packet of a stream
    /// (RFC 3550 6.6), so that receivers learn the final counts and stop waiting at once.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="destination"/> is too short, there are more than 31 report blocks, the
    /// CNAME is empty or longer than 255 bytes of UTF-8, or the reason is longer than 255 bytes.
    /// </exception>
    public static int WriteGoodbye(Span<byte> destination, RtcpSenderReport senderReport, string cname, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(senderReport);
        var cnameLength = CnameLength(cname);
        var reasonLength = ReasonLength(reason);
        var length = SenderReportLength(senderReport) + SourceDescriptionLength(cnameLength) + GoodbyeLength(reasonLength);
        EnsureCapacity(destination, length);
        var offset = WriteSenderReportPacket(destination, senderReport);
        offset += WriteSourceDescriptionPacket(destination[offset..], senderReport.Ssrc, cname, cnameLength);
        WriteGoodbyePacket(destination[offset..], senderReport.Ssrc, reason, reasonLength);
        return length;
    }

    /// <summary>SR + SDES(CNAME) + BYE in a new array.</summary>
    /// <exception cref="ArgumentException">More than 31 report blocks, or the CNAME or reason is too long, or the CNAME empty.</exception>
    public static byte[] Goodbye(RtcpSenderReport senderReport, string cname, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(senderReport);
        var packet = new byte[SenderReportLength(senderReport) + SourceDescriptionLength(CnameLength(cname)) + GoodbyeLength(ReasonLength(reason))];
        WriteGoodbye(packet, senderReport, cname, reason);
        return packet;
    }

    /// <summary>
    /// Writes RR + SDES(CNAME), what a player sends; used by test clients and by a relay that
    /// receives a stream.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="destination"/> is too short, there are more than 31 report blocks, or the
    /// CNAME is empty or longer than 255 bytes of UTF-8.
    /// </exception>
    public static int WriteReceiverReport(Span<byte> destination, RtcpReceiverReport receiverReport, string cname)
    {
        ArgumentNullException.ThrowIfNull(receiverReport);
        var cnameLength = CnameLength(cname);
        var reportLength = ReportLength(RtcpReceiverReport.FixedSize, receiverReport.ReportBlocks);
        var length = reportLength + SourceDescriptionLength(cnameLength);
        EnsureCapacity(destination, length);
        RtcpHeader.Write(destination, receiverReport.ReportBlocks.Count, RtcpPacketType.ReceiverReport, reportLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[RtcpHeader.Size..], receiverReport.Ssrc);
        WriteReportBlocks(destination[RtcpReceiverReport.FixedSize..], receiverReport.ReportBlocks);
        WriteSourceDescriptionPacket(destination[reportLength..], receiverReport.Ssrc, cname, cnameLength);
        return length;
    }

    /// <summary>RR + SDES(CNAME) in a new array.</summary>
    /// <exception cref="ArgumentException">More than 31 report blocks, or the CNAME is empty or longer than 255 bytes of UTF-8.</exception>
    public static byte[] ReceiverReport(RtcpReceiverReport receiverReport, string cname)
    {
        ArgumentNullException.ThrowIfNull(receiverReport);
        var packet = new byte[ReportLength(RtcpReceiverReport.FixedSize, receiverReport.ReportBlocks) + SourceDescriptionLength(CnameLength(cname))];
        WriteReceiverReport(packet, receiverReport, cname);
        return packet;
    }

    private static int SenderReportLength(RtcpSenderReport senderReport) =>
        ReportLength(RtcpSenderReport.FixedSize, senderReport.ReportBlocks);

    private static int ReportLength(int fixedSize, IReadOnlyList<RtcpReportBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count > RtcpHeader.MaxCount)
        {
            throw new ArgumentException($"An RTCP report holds at most {RtcpHeader.MaxCount} report blocks.", nameof(blocks));
        }

        return fixedSize + (blocks.Count * RtcpReportBlock.Size);
    }

    /// <summary>Header, one chunk: SSRC, the CNAME item, at least one null octet, padding to a word.</summary>
    private static int SourceDescriptionLength(int cnameLength) =>
        RtcpHeader.Size + sizeof(uint) + RtcpHeader.AlignToWord(2 + cnameLength + 1);

    /// <summary>Header, one SSRC, and the length-prefixed reason padded to a word.</summary>
    private static int GoodbyeLength(int reasonLength) =>
        RtcpHeader.Size + sizeof(uint) + (reasonLength < 0 ? 0 : RtcpHeader.AlignToWord(1 + reasonLength));

    private static int CnameLength(string cname)
    {
        ArgumentNullException.ThrowIfNull(cname);
        var length = StrictUtf8.GetByteCount(cname);
        if (length is 0 or > RtcpSourceDescription.MaxItemLength)
        {
            throw new ArgumentException($"A CNAME must be 1 to {RtcpSourceDescription.MaxItemLength} bytes of UTF-8.", nameof(cname));
        }

        return length;
    }

    /// <summary>The reason's UTF-8 length, or -1 when there is none.</summary>
    private static int ReasonLength(string? reason)
    {
        if (reason is null)
        {
            return -1;
        }

        var length = StrictUtf8.GetByteCount(reason);
        if (length > RtcpGoodbye.MaxReasonLength)
        {
            throw new ArgumentException($"A BYE reason must be at most {RtcpGoodbye.MaxReasonLength} bytes of UTF-8.", nameof(reason));
        }

        return length;
    }

    private static void EnsureCapacity(Span<byte> destination, int length)
    {
        if (destination.Length < length)
        {
            throw new ArgumentException($"The compound packet needs {length} bytes.", nameof(destination));
        }
    }

    private static int WriteSenderReportPacket(Span<byte> destination, RtcpSenderReport senderReport)
    {
        var length = SenderReportLength(senderReport);
        RtcpHeader.Write(destination, senderReport.ReportBlocks.Count, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderReport.Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], senderReport.NtpTimestamp.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], senderReport.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], senderReport.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], senderReport.OctetCount);
        WriteReportBlocks(destination[RtcpSenderReport.FixedSize..], senderReport.ReportBlocks);
        return length;
    }

    private static void WriteReportBlocks(Span<byte> destination, IReadOnlyList<RtcpReportBlock> blocks)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            blocks[i].WriteTo(destination[(i * RtcpReportBlock.Size)..]);
        }
    }

    private static int WriteSourceDescriptionPacket(Span<byte> destination, uint ssrc, string cname, int cnameLength)
    {
        var length = SourceDescriptionLength(cnameLength);
        var packet = destination[..length];
        packet.Clear(); // the end-of-items octet and the padding are zeros
        RtcpHeader.Write(packet, count: 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], ssrc);
        packet[8] = RtcpSourceDescription.CnameItem;
        packet[9] = (byte)cnameLength;
        StrictUtf8.GetBytes(cname, packet[10..]);
        return length;
    }

    private static void WriteGoodbyePacket(Span<byte> destination, uint ssrc, string? reason, int reasonLength)
    {
        var length = GoodbyeLength(reasonLength);
        var packet = destination[..length];
        packet.Clear();
        RtcpHeader.Write(packet, count: 1, RtcpPacketType.Goodbye, length);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], ssrc);
        if (reason is not null)
        {
            packet[8] = (byte)reasonLength;
            StrictUtf8.GetBytes(reason, packet[9..]);
        }
    }
}
