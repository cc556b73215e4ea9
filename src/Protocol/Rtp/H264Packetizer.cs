using System.Buffers.Binary;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H264;

namespace MediaActors.Protocol.Rtp;

/// <summary>
/// RFC 6184 packetization mode 1 (non-interleaved): a NAL unit that fits goes as a Single NAL
/// Unit packet, consecutive small non-VCL ones (SPS, PPS, SEI) are aggregated into a STAP-A, and
/// a NAL unit too big for one packet is split into FU-A fragments. Slices are never aggregated:
/// FFmpeg's RTP demuxer gives a picture whose slice arrives inside a STAP-A the timestamp of the
/// next one (seen with small keyframes: the first two frames got the same pts).
/// </summary>
/// <remarks>
/// Each batch costs exactly two allocations, its byte array and its packet-end array: a first
/// pass measures the layout with the same grouping decisions the second pass writes.
/// Not thread-safe; one instance per stream.
/// </remarks>
public sealed class H264Packetizer : IRtpPacketizer
{
    /// <summary>Below this, FU-A overhead dominates and no real network needs it.</summary>
    public const int MinPacketSize = 100;

    /// <summary>The largest UDP payload over IPv4 (65535 - 8 UDP - 20 IP header bytes).</summary>
    public const int MaxPacketSize = 65507;

    private const int MaxPayloadType = 127;

    private readonly byte _payloadType;
    private readonly int _maxPayloadSize;

    /// <summary>Creates a packetizer for one stream.</summary>
    /// <param name="ssrc">The SSRC of the stream.</param>
    /// <param name="initialSequenceNumber">Sequence number of the first packet (RFC 3550 recommends a random one).</param>
    /// <param name="payloadType">The dynamic payload type announced in the SDP.</param>
    /// <param name="maxPacketSize">Largest packet including the 12-byte RTP header; lower it for small-MTU networks.</param>
    /// <exception cref="ArgumentOutOfRangeException">The payload type is above 127 or the packet size outside <see cref="MinPacketSize"/>..<see cref="MaxPacketSize"/>.</exception>
    public H264Packetizer(uint ssrc, ushort initialSequenceNumber, byte payloadType = 96, int maxPacketSize = 1400)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, MaxPayloadType);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketSize, MinPacketSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPacketSize, MaxPacketSize);
        Ssrc = ssrc;
        NextSequenceNumber = initialSequenceNumber;
        _payloadType = payloadType;
        _maxPayloadSize = maxPacketSize - RtpHeader.Size;
    }

    /// <inheritdoc/>
    public uint Ssrc { get; }

    /// <inheritdoc/>
    public ushort NextSequenceNumber { get; private set; }

    /// <summary>The largest FU-A fragment of NAL payload one packet can carry.</summary>
    private int MaxFragmentSize => _maxPayloadSize - H264PayloadFormat.FuAHeaderSize;

    /// <inheritdoc/>
    public RtpPacketBatch Packetize(AccessUnit accessUnit, uint rtpTimestamp)
    {
        ArgumentNullException.ThrowIfNull(accessUnit);
        var nalUnits = accessUnit.NalUnits;
        var (packetCount, totalBytes) = MeasureLayout(nalUnits);
        var buffer = new byte[totalBytes];
        var packetEnds = new int[packetCount];
        var writer = new PacketWriter(buffer, packetEnds, this, rtpTimestamp);
        ushort firstSequenceNumber = NextSequenceNumber;

        for (int i = 0; i < nalUnits.Count;)
        {
            int run = AggregationRunLength(nalUnits, i);
            if (run > 1)
            {
                WriteStapA(ref writer, nalUnits, i, run);
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
        int packets = 0;
        int bytes = 0;
        for (int i = 0; i < nalUnits.Count;)
        {
            int run = AggregationRunLength(nalUnits, i);
            int length = nalUnits[i].Length;
            if (run > 1)
            {
                packets++;
                bytes += RtpHeader.Size + StapAPayloadSize(nalUnits, i, run);
            }
            else if (length <= _maxPayloadSize)
            {
                packets += length == 0 ? 0 : 1;
                bytes += length == 0 ? 0 : RtpHeader.Size + length;
            }
            else
            {
                // The NAL header byte is not sent; the FU indicator and header carry its bits.
                int fragments = (length - 1 + MaxFragmentSize - 1) / MaxFragmentSize;
                packets += fragments;
                bytes += (fragments * (RtpHeader.Size + H264PayloadFormat.FuAHeaderSize)) + length - 1;
            }

            i += run;
        }

        return (packets, bytes);
    }

    /// <summary>
    /// How many non-VCL NAL units starting at <paramref name="start"/> fit into one STAP-A; 1 means
    /// the unit goes on its own. Empty units and slices are never aggregated.
    /// </summary>
    private int AggregationRunLength(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int start)
    {
        int size = H264PayloadFormat.StapAHeaderSize;
        int run = 0;
        for (int i = start; i < nalUnits.Count; i++)
        {
            int length = nalUnits[i].Length;
            size += H264PayloadFormat.StapANalSizeFieldSize + length;
            if (length == 0 || size > _maxPayloadSize || H264Nal.IsVcl(H264Nal.TypeOf(nalUnits[i].Span[0])))
            {
                break;
            }

            run++;
        }

        return Math.Max(run, 1);
    }

    private static int StapAPayloadSize(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int start, int run)
    {
        int size = H264PayloadFormat.StapAHeaderSize;
        for (int i = start; i < start + run; i++)
        {
            size += H264PayloadFormat.StapANalSizeFieldSize + nalUnits[i].Length;
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

    /// <summary>RFC 6184 5.7.1: one STAP-A header, then each unit prefixed by its 16-bit size.</summary>
    private static void WriteStapA(ref PacketWriter writer, IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int start, int run)
    {
        var payload = writer.BeginPacket(StapAPayloadSize(nalUnits, start, run));
        int offset = H264PayloadFormat.StapAHeaderSize;
        int nri = 0;
        int forbidden = 0;
        for (int i = start; i < start + run; i++)
        {
            var nal = nalUnits[i].Span;
            // The aggregate is as important as its most important unit; F is set if any unit has it.
            nri = Math.Max(nri, nal[0] & H264PayloadFormat.NriMask);
            forbidden |= nal[0] & H264PayloadFormat.ForbiddenBit;
            BinaryPrimitives.WriteUInt16BigEndian(payload[offset..], (ushort)nal.Length);
            offset += H264PayloadFormat.StapANalSizeFieldSize;
            nal.CopyTo(payload[offset..]);
            offset += nal.Length;
        }

        payload[0] = (byte)(forbidden | nri | (byte)H264NalUnitType.StapA);
        writer.EndPacket();
    }

    /// <summary>RFC 6184 5.8: FU-A fragments of the NAL payload, S bit on the first, E bit on the last.</summary>
    private void WriteFragments(ref PacketWriter writer, ReadOnlySpan<byte> nal)
    {
        byte fuIndicator = (byte)((nal[0] & H264PayloadFormat.ForbiddenAndNriMask) | (byte)H264NalUnitType.FuA);
        byte nalType = (byte)(nal[0] & H264PayloadFormat.NalTypeMask);
        var remaining = nal[1..];
        bool first = true;
        while (!remaining.IsEmpty)
        {
            int fragmentSize = Math.Min(remaining.Length, MaxFragmentSize);
            bool last = fragmentSize == remaining.Length;
            var payload = writer.BeginPacket(H264PayloadFormat.FuAHeaderSize + fragmentSize);
            payload[0] = fuIndicator;
            payload[1] = (byte)((first ? H264PayloadFormat.FuStartBit : 0) | (last ? H264PayloadFormat.FuEndBit : 0) | nalType);
            remaining[..fragmentSize].CopyTo(payload[H264PayloadFormat.FuAHeaderSize..]);
            writer.EndPacket();
            remaining = remaining[fragmentSize..];
            first = false;
        }
    }

    /// <summary>
    /// Lays packets out in the batch buffer: writes each RTP header, records each packet end and
    /// advances the packetizer's sequence number; the marker goes on the last packet.
    /// </summary>
    private ref struct PacketWriter(byte[] buffer, int[] packetEnds, H264Packetizer owner, uint timestamp)
    {
        private int _offset;
        private int _packetIndex;
        private int _payloadLength;

        /// <summary>Writes the RTP header of the next packet and returns the span for its payload.</summary>
        public Span<byte> BeginPacket(int payloadLength)
        {
            bool isLastPacket = _packetIndex == packetEnds.Length - 1;
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
