using System.Buffers.Binary;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Rtp;

/// <summary>The packet size bounds of the NAL-unit packetizers, which the audio packetizers share.</summary>
public static class NalUnitPacketizer
{
    /// <summary>Below this, fragmentation overhead dominates and no real network needs it.</summary>
    public const int MinPacketSize = 100;

    /// <summary>The largest UDP payload over IPv4 (65535 - 8 UDP - 20 IP header bytes).</summary>
    public const int MaxPacketSize = 65507;
}

/// <summary>
/// The non-interleaved packetization that RFC 6184 (mode 1) and RFC 7798 share: a NAL unit that
/// fits goes as a Single NAL Unit packet, consecutive small non-VCL ones (parameter sets, SEI)
/// are aggregated, and a NAL unit too big for one packet is split into fragmentation units.
/// Slices are never aggregated: FFmpeg's RTP demuxer gives a picture whose slice arrives
/// aggregated the timestamp of the next one (seen with small keyframes: the first two frames got
/// the same pts).
/// </summary>
/// <remarks>
/// Each batch costs exactly two allocations, its byte array and its packet-end array: a first
/// pass measures the layout with the same grouping decisions the second pass writes.
/// Not thread-safe; one instance per stream. <see cref="VideoCodecFormat.CreatePacketizer"/>
/// makes one for a codec chosen at run time.
/// </remarks>
/// <typeparam name="TFormat">The codec: <see cref="H264Format"/> or <see cref="H265Format"/>.</typeparam>
public sealed class NalUnitPacketizer<TFormat> : IRtpPacketizer
    where TFormat : struct, INalUnitFormat
{
    private const int MaxPayloadType = 127;

    private readonly byte _payloadType;
    private readonly int _maxPayloadSize;

    /// <summary>Creates a packetizer for one stream.</summary>
    /// <param name="ssrc">The SSRC of the stream.</param>
    /// <param name="initialSequenceNumber">Sequence number of the first packet (RFC 3550 recommends a random one).</param>
    /// <param name="payloadType">The dynamic payload type announced in the SDP.</param>
    /// <param name="maxPacketSize">Largest packet including the 12-byte RTP header; lower it for small-MTU networks.</param>
    /// <exception cref="ArgumentOutOfRangeException">The payload type is above 127 or the packet size outside <see cref="NalUnitPacketizer.MinPacketSize"/>..<see cref="NalUnitPacketizer.MaxPacketSize"/>.</exception>
    public NalUnitPacketizer(uint ssrc, ushort initialSequenceNumber, byte payloadType = 96, int maxPacketSize = 1400)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, MaxPayloadType);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketSize, NalUnitPacketizer.MinPacketSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPacketSize, NalUnitPacketizer.MaxPacketSize);
        Ssrc = ssrc;
        NextSequenceNumber = initialSequenceNumber;
        _payloadType = payloadType;
        _maxPayloadSize = maxPacketSize - RtpHeader.Size;
    }

    /// <inheritdoc/>
    public uint Ssrc { get; }

    /// <inheritdoc/>
    public ushort NextSequenceNumber { get; private set; }

    /// <summary>The largest fragment of NAL payload one packet can carry.</summary>
    private int MaxFragmentSize => _maxPayloadSize - TFormat.FragmentationHeaderSize;

    /// <inheritdoc/>
    public RtpPacketBatch Packetize(AccessUnit accessUnit, uint rtpTimestamp)
    {
        ArgumentNullException.ThrowIfNull(accessUnit);
        var nalUnits = accessUnit.NalUnits;
        var (packetCount, totalBytes) = MeasureLayout(nalUnits);
        var buffer = new byte[totalBytes];
        var packetEnds = new int[packetCount];
        var writer = new PacketWriter(buffer, packetEnds, this, rtpTimestamp);
        var firstSequenceNumber = NextSequenceNumber;

        for (var i = 0; i < nalUnits.Count;)
        {
            var run = AggregationRunLength(nalUnits, i);
            if (run > 1)
            {
                WriteAggregate(ref writer, nalUnits, i, run);
            }
            else if (nalUnits[i].Length <= _maxPayloadSize)
            {
                WriteSingleNalUnit(ref writer, nalUnits[i].Span);
            }
            else
            {
                WriteFragments(ref writer, nalUnits[i].Span);
            }

            i += run;
        }

        return new RtpPacketBatch(buffer, packetEnds, rtpTimestamp, firstSequenceNumber, accessUnit.IsKeyframe);
    }

    /// <summary>Counts the packets and bytes <see cref="Packetize"/> will write.</summary>
    private (int Packets, int Bytes) MeasureLayout(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits)
    {
        var packets = 0;
        var bytes = 0;
        for (var i = 0; i < nalUnits.Count;)
        {
            var run = AggregationRunLength(nalUnits, i);
            var length = nalUnits[i].Length;
            if (run > 1)
            {
                packets++;
                bytes += RtpHeader.Size + AggregatePayloadSize(nalUnits, i, run);
            }
            else if (length <= _maxPayloadSize)
            {
                packets += length == 0 ? 0 : 1;
                bytes += length == 0 ? 0 : RtpHeader.Size + length;
            }
            else
            {
                // The NAL header is not sent; the fragmentation header carries its bits.
                var fragmentedLength = length - TFormat.NalHeaderSize;
                var fragments = (fragmentedLength + MaxFragmentSize - 1) / MaxFragmentSize;
                packets += fragments;
                bytes += (fragments * (RtpHeader.Size + TFormat.FragmentationHeaderSize)) + fragmentedLength;
            }

            i += run;
        }

        return (packets, bytes);
    }

    /// <summary>
    /// How many non-VCL NAL units starting at <paramref name="start"/> fit into one aggregation
    /// packet; 1 means the unit goes on its own. Units shorter than a NAL header and slices are
    /// never aggregated.
    /// </summary>
    private int AggregationRunLength(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int start)
    {
        var size = TFormat.AggregationHeaderSize;
        var run = 0;
        for (var i = start; i < nalUnits.Count; i++)
        {
            var length = nalUnits[i].Length;
            size += INalUnitFormat.AggregatedSizeFieldSize + length;
            if (length < TFormat.NalHeaderSize || size > _maxPayloadSize || TFormat.IsVcl(nalUnits[i].Span))
            {
                break;
            }

            run++;
        }

        return Math.Max(run, 1);
    }

    private static int AggregatePayloadSize(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int start, int run)
    {
        var size = TFormat.AggregationHeaderSize;
        for (var i = start; i < start + run; i++)
        {
            size += INalUnitFormat.AggregatedSizeFieldSize + nalUnits[i].Length;
        }

        return size;
    }

    private static void WriteSingleNalUnit(ref PacketWriter writer, ReadOnlySpan<byte> nal)
    {
        if (nal.IsEmpty)
        {
            return;
        }

        nal.CopyTo(writer.BeginPacket(nal.Length));
        writer.EndPacket();
    }

    /// <summary>RFC 6184 5.7.1, RFC 7798 4.4.2: the aggregation header, then each unit prefixed by its 16-bit size.</summary>
    private static void WriteAggregate(ref PacketWriter writer, IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int start, int run)
    {
        var payload = writer.BeginPacket(AggregatePayloadSize(nalUnits, start, run));
        TFormat.WriteAggregationHeader(payload, nalUnits, start, run);
        var offset = TFormat.AggregationHeaderSize;
        for (var i = start; i < start + run; i++)
        {
            var nal = nalUnits[i].Span;
            BinaryPrimitives.WriteUInt16BigEndian(payload[offset..], (ushort)nal.Length);
            offset += INalUnitFormat.AggregatedSizeFieldSize;
            nal.CopyTo(payload[offset..]);
            offset += nal.Length;
        }

        writer.EndPacket();
    }

    /// <summary>RFC 6184 5.8, RFC 7798 4.4.3: fragments of the NAL payload, S bit on the first, E bit on the last.</summary>
    private void WriteFragments(ref PacketWriter writer, ReadOnlySpan<byte> nal)
    {
        var headerSize = TFormat.FragmentationHeaderSize;
        var remaining = nal[TFormat.NalHeaderSize..];
        var first = true;
        while (!remaining.IsEmpty)
        {
            var fragmentSize = Math.Min(remaining.Length, MaxFragmentSize);
            var last = fragmentSize == remaining.Length;
            var payload = writer.BeginPacket(headerSize + fragmentSize);
            TFormat.WriteFragmentationHeader(payload, nal);
            payload[headerSize - 1] |= (byte)((first ? INalUnitFormat.FuStartBit : 0) | (last ? INalUnitFormat.FuEndBit : 0));
            remaining[..fragmentSize].CopyTo(payload[headerSize..]);
            writer.EndPacket();
            remaining = remaining[fragmentSize..];
            first = false;
        }
    }

    /// <summary>
    /// Lays packets out in the batch buffer: writes each RTP header, records each packet end and
    /// advances the packetizer's sequence number; the marker goes on the last packet.
    /// </summary>
    private ref struct PacketWriter(byte[] buffer, int[] packetEnds, NalUnitPacketizer<TFormat> owner, uint timestamp)
    {
        private int _offset;
        private int _packetIndex;
        private int _payloadLength;

        /// <summary>Writes the RTP header of the next packet and returns the span for its payload.</summary>
        public Span<byte> BeginPacket(int payloadLength)
        {
            var isLastPacket = _packetIndex == packetEnds.Length - 1;
            var header = new RtpHeader(isLastPacket, owner._payloadType, owner.NextSequenceNumber, timestamp, owner.Ssrc);
            header.WriteTo(buffer.AsSpan(_offset));
            _payloadLength = payloadLength;
            return buffer.AsSpan(_offset + RtpHeader.Size, payloadLength);
        }

        public void EndPacket()
        {
            _offset += RtpHeader.Size + _payloadLength;
            packetEnds[_packetIndex++] = _offset;
            owner.NextSequenceNumber = unchecked((ushort)(owner.NextSequenceNumber + 1));
        }
    }
}
