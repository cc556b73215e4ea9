using System.Buffers.Binary;
using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Rtp;

/// <summary>
/// RFC 3640 mpeg4-generic packetization of raw AAC access units in AAC-hbr mode: each packet
/// starts with the AU-headers-length and one 16-bit AU header (13-bit size, 3-bit index = 0) per
/// access unit. Consecutive access units that fit share a packet; one too big for a packet is
/// fragmented (RFC 3640 3.2.3), every fragment repeating the AU header with the full size.
/// </summary>
/// <remarks>
/// A packet's timestamp is that of its first access unit, counted from the batch's timestamp in
/// steps of the frame length (1024 samples). The marker is set on every packet that ends an
/// access unit, i.e. all but the leading fragments of a fragmented one (RFC 3640 3.3.6). Each
/// batch costs exactly two allocations, its byte array and its packet-end array.
/// Not thread-safe; one instance per stream.
/// </remarks>
public sealed class AacPacketizer
{
    /// <summary>Smaller packets would carry next to no audio.</summary>
    public const int MinPacketSize = NalUnitPacketizer.MinPacketSize;

    /// <summary>The largest UDP payload over IPv4.</summary>
    public const int MaxPacketSize = NalUnitPacketizer.MaxPacketSize;

    /// <summary>The largest access unit the 13-bit AU-size field can state (AAC frames are at most 768 bytes per channel).</summary>
    public const int MaxAccessUnitSize = AacFormat.MaxAccessUnitSize;

    private const int MaxPayloadType = 127;

    /// <summary>AU-headers-length plus a single AU header.</summary>
    private const int SingleAuOverhead = AacFormat.AuHeadersLengthSize + AacFormat.AuHeaderSize;

    private readonly byte _payloadType;
    private readonly int _maxPayloadSize;
    private readonly int _samplesPerAccessUnit;

    /// <summary>Creates a packetizer for one stream.</summary>
    /// <param name="ssrc">The SSRC of the stream.</param>
    /// <param name="initialSequenceNumber">Sequence number of the first packet (RFC 3550 recommends a random one).</param>
    /// <param name="payloadType">The dynamic payload type announced in the SDP.</param>
    /// <param name="maxPacketSize">Largest packet including the 12-byte RTP header.</param>
    /// <param name="samplesPerAccessUnit">RTP clock ticks per access unit: 1024 for AAC, 960 for its 960-sample variant.</param>
    /// <exception cref="ArgumentOutOfRangeException">The payload type is above 127, the packet size outside <see cref="MinPacketSize"/>..<see cref="MaxPacketSize"/>, or the frame length not positive.</exception>
    public AacPacketizer(uint ssrc, ushort initialSequenceNumber, byte payloadType = 97, int maxPacketSize = 1400, int samplesPerAccessUnit = AacFormat.SamplesPerAccessUnit)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, MaxPayloadType);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketSize, MinPacketSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPacketSize, MaxPacketSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerAccessUnit);
        Ssrc = ssrc;
        NextSequenceNumber = initialSequenceNumber;
        _payloadType = payloadType;
        _maxPayloadSize = maxPacketSize - RtpHeader.Size;
        _samplesPerAccessUnit = samplesPerAccessUnit;
    }

    /// <summary>The SSRC written into every packet.</summary>
    public uint Ssrc { get; }

    /// <summary>The sequence number the next packet will carry (for RTP-Info).</summary>
    public ushort NextSequenceNumber { get; private set; }

    /// <summary>The largest fragment of an access unit one packet can carry.</summary>
    private int MaxFragmentSize => _maxPayloadSize - SingleAuOverhead;

    /// <summary>
    /// Packetizes consecutive access units; the first is sampled at <paramref name="rtpTimestamp"/>
    /// and each further one a frame length later. The batch's <see cref="RtpPacketBatch.Timestamp"/>
    /// is the first packet's, and every batch is marked as a keyframe, since a player can start at
    /// any AAC access unit. An empty list gives an empty batch.
    /// </summary>
    /// <exception cref="ArgumentException">An access unit is empty or larger than <see cref="MaxAccessUnitSize"/>.</exception>
    public RtpPacketBatch Packetize(IReadOnlyList<ReadOnlyMemory<byte>> accessUnits, uint rtpTimestamp)
    {
        ArgumentNullException.ThrowIfNull(accessUnits);
        var (packetCount, totalBytes) = MeasureLayout(accessUnits);
        var buffer = new byte[totalBytes];
        var packetEnds = new int[packetCount];
        var firstSequenceNumber = NextSequenceNumber;
        var offset = 0;
        var packetIndex = 0;
        for (var i = 0; i < accessUnits.Count;)
        {
            var timestamp = unchecked(rtpTimestamp + ((uint)i * (uint)_samplesPerAccessUnit));
            var run = AggregationRunLength(accessUnits, i);
            if (run > 0)
            {
                offset = WriteAggregate(buffer, offset, accessUnits, i, run, timestamp);
                packetEnds[packetIndex++] = offset;
                i += run;
                continue;
            }

            var accessUnit = accessUnits[i].Span;
            for (var start = 0; start < accessUnit.Length; start += MaxFragmentSize)
            {
                var length = Math.Min(MaxFragmentSize, accessUnit.Length - start);
                var last = start + length == accessUnit.Length;
                offset = WriteFragment(buffer, offset, accessUnit.Length, accessUnit.Slice(start, length), last, timestamp);
                packetEnds[packetIndex++] = offset;
            }

            i++;
        }

        return new RtpPacketBatch(buffer, packetEnds, rtpTimestamp, firstSequenceNumber, isKeyframe: true);
    }

    /// <summary>Validates the access units and counts the packets and bytes <see cref="Packetize"/> will write.</summary>
    private (int Packets, int Bytes) MeasureLayout(IReadOnlyList<ReadOnlyMemory<byte>> accessUnits)
    {
        var packets = 0;
        var bytes = 0;
        for (var i = 0; i < accessUnits.Count; i++)
        {
            var length = accessUnits[i].Length;
            if (length is 0 or > MaxAccessUnitSize)
            {
                throw new ArgumentException($"Access unit {i} holds {length} bytes; AAC-hbr carries 1 to {MaxAccessUnitSize}.", nameof(accessUnits));
            }
        }

        for (var i = 0; i < accessUnits.Count;)
        {
            var run = AggregationRunLength(accessUnits, i);
            if (run > 0)
            {
                packets++;
                bytes += RtpHeader.Size + AggregatePayloadSize(accessUnits, i, run);
                i += run;
                continue;
            }

            var length = accessUnits[i].Length;
            var fragments = (length + MaxFragmentSize - 1) / MaxFragmentSize;
            packets += fragments;
            bytes += (fragments * (RtpHeader.Size + SingleAuOverhead)) + length;
            i++;
        }

        return (packets, bytes);
    }

    /// <summary>How many access units starting at <paramref name="start"/> fit whole into one packet; 0 when the first needs fragmenting.</summary>
    private int AggregationRunLength(IReadOnlyList<ReadOnlyMemory<byte>> accessUnits, int start)
    {
        var size = AacFormat.AuHeadersLengthSize;
        var run = 0;
        for (var i = start; i < accessUnits.Count; i++)
        {
            size += AacFormat.AuHeaderSize + accessUnits[i].Length;
            if (size > _maxPayloadSize || run == AacFormat.MaxAuHeadersPerPacket)
            {
                break;
            }

            run++;
        }

        return run;
    }

    private static int AggregatePayloadSize(IReadOnlyList<ReadOnlyMemory<byte>> accessUnits, int start, int run)
    {
        var size = AacFormat.AuHeadersLengthSize;
        for (var i = start; i < start + run; i++)
        {
            size += AacFormat.AuHeaderSize + accessUnits[i].Length;
        }

        return size;
    }

    /// <summary>One packet of whole access units: all AU headers first, then the access units in the same order.</summary>
    private int WriteAggregate(byte[] buffer, int offset, IReadOnlyList<ReadOnlyMemory<byte>> accessUnits, int start, int run, uint timestamp)
    {
        var packet = buffer.AsSpan(offset, RtpHeader.Size + AggregatePayloadSize(accessUnits, start, run));
        WriteHeaders(packet, run, timestamp, marker: true);
        var headerOffset = RtpHeader.Size + AacFormat.AuHeadersLengthSize;
        var dataOffset = headerOffset + (run * AacFormat.AuHeaderSize);
        for (var i = start; i < start + run; i++)
        {
            var accessUnit = accessUnits[i].Span;
            // Index 0 on the first header, index-delta 0 on the rest: the units are consecutive.
            BinaryPrimitives.WriteUInt16BigEndian(packet[headerOffset..], (ushort)(accessUnit.Length << AacFormat.IndexLength));
            headerOffset += AacFormat.AuHeaderSize;
            accessUnit.CopyTo(packet[dataOffset..]);
            dataOffset += accessUnit.Length;
        }

        return offset + packet.Length;
    }

    /// <summary>One fragment of an access unit; the AU header states the whole unit's size (RFC 3640 3.2.3).</summary>
    private int WriteFragment(byte[] buffer, int offset, int accessUnitSize, ReadOnlySpan<byte> fragment, bool last, uint timestamp)
    {
        var packet = buffer.AsSpan(offset, RtpHeader.Size + SingleAuOverhead + fragment.Length);
        WriteHeaders(packet, auCount: 1, timestamp, marker: last);
        BinaryPrimitives.WriteUInt16BigEndian(packet[(RtpHeader.Size + AacFormat.AuHeadersLengthSize)..], (ushort)(accessUnitSize << AacFormat.IndexLength));
        fragment.CopyTo(packet[(RtpHeader.Size + SingleAuOverhead)..]);
        return offset + packet.Length;
    }

    /// <summary>Writes the RTP header and the AU-headers-length (in bits), and advances the sequence number.</summary>
    private void WriteHeaders(Span<byte> packet, int auCount, uint timestamp, bool marker)
    {
        new RtpHeader(marker, _payloadType, NextSequenceNumber, timestamp, Ssrc).WriteTo(packet);
        BinaryPrimitives.WriteUInt16BigEndian(packet[RtpHeader.Size..], (ushort)(auCount * AacFormat.AuHeaderSize * 8));
        NextSequenceNumber = unchecked((ushort)(NextSequenceNumber + 1));
    }
}
