using System.Buffers.Binary;
using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Rtp;

/// <summary>
/// The receiving side of RFC 3640 AAC-hbr (sizelength=13, indexlength=3, indexdeltalength=3):
/// splits packets into access units and reassembles fragmented ones. Garbage input never throws;
/// it is dropped and counted.
/// </summary>
/// <remarks>
/// Interleaving (a non-zero index or index-delta) is not negotiated by <see cref="AacFormat.FormatParameters"/>,
/// nor accepted from a server's SDP, so such packets are dropped. A sequence gap abandons the
/// access unit being reassembled: a decoder cannot use one with a hole. Not thread-safe; one
/// instance per received stream.
/// </remarks>
public sealed class AacDepacketizer : IAudioDepacketizer
{
    private readonly byte[] _fragment = new byte[AacFormat.MaxAccessUnitSize];
    private readonly RtpSequenceTracker _sequence = new();
    private int _fragmentLength;
    private int _fragmentSize = -1;
    private uint _fragmentTimestamp;

    /// <inheritdoc/>
    public long LostPackets => _sequence.LostPackets;

    /// <summary>Packets dropped because they were malformed, interleaved, late or an orphaned fragment.</summary>
    public long DiscardedPackets { get; private set; }

    /// <summary>
    /// Feeds one RTP packet and appends the access units it completed: several for an aggregate,
    /// each a frame length (1024 samples) after the one before, one for the last fragment of a
    /// fragmented unit, none while such a unit is incomplete or when the packet was dropped.
    /// </summary>
    public void Push(ReadOnlySpan<byte> rtpPacket, List<AudioFrame> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!RtpHeader.TryRead(rtpPacket, out var header, out var payloadOffset, out var payloadLength)
            || !_sequence.TryAccept(header.SequenceNumber, out var discontinuity))
        {
            DiscardedPackets++;
            return;
        }

        if (discontinuity)
        {
            AbandonFragment();
        }

        var payload = rtpPacket.Slice(payloadOffset, payloadLength);
        if (!TryReadAuHeaders(payload, out var count, out var headersEnd, out var dataSize))
        {
            DiscardedPackets++;
            AbandonFragment();
            return;
        }

        var data = payload[headersEnd..];
        if (count == 1 && dataSize > data.Length)
        {
            AppendFragment(header, dataSize, data, output);
            return;
        }

        AbandonFragment();
        if (dataSize != data.Length)
        {
            DiscardedPackets++;
            return;
        }

        for (var i = 0; i < count; i++)
        {
            var size = BinaryPrimitives.ReadUInt16BigEndian(payload[(AacFormat.AuHeadersLengthSize + (i * AacFormat.AuHeaderSize))..]) >> AacFormat.IndexLength;
            var timestamp = unchecked(header.Timestamp + ((uint)i * AacFormat.SamplesPerAccessUnit));
            output.Add(new AudioFrame(data[..size].ToArray(), timestamp, AacFormat.SamplesPerAccessUnit));
            data = data[size..];
        }
    }

    /// <summary>Reads the AU-headers-length and the AU headers; false when they are malformed, empty or interleaved.</summary>
    private static bool TryReadAuHeaders(ReadOnlySpan<byte> payload, out int count, out int headersEnd, out int dataSize)
    {
        count = 0;
        headersEnd = 0;
        dataSize = 0;
        if (payload.Length < AacFormat.AuHeadersLengthSize)
        {
            return false;
        }

        int headerBits = BinaryPrimitives.ReadUInt16BigEndian(payload);
        const int headerBitsEach = AacFormat.AuHeaderSize * 8;
        count = headerBits / headerBitsEach;
        headersEnd = AacFormat.AuHeadersLengthSize + (count * AacFormat.AuHeaderSize);
        if (count == 0 || headerBits % headerBitsEach != 0 || headersEnd > payload.Length)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            int auHeader = BinaryPrimitives.ReadUInt16BigEndian(payload[(AacFormat.AuHeadersLengthSize + (i * AacFormat.AuHeaderSize))..]);
            var size = auHeader >> AacFormat.IndexLength;
            if (size == 0 || (auHeader & AacFormat.IndexMask) != 0)
            {
                return false;
            }

            dataSize += size;
        }

        return true;
    }

    /// <summary>RFC 3640 3.2.3: fragments share the timestamp and repeat the full AU size; the last one has the marker.</summary>
    private void AppendFragment(RtpHeader header, int size, ReadOnlySpan<byte> fragment, List<AudioFrame> output)
    {
        var continues = _fragmentSize == size && _fragmentTimestamp == header.Timestamp;
        if (!continues)
        {
            AbandonFragment();
            if (header.Marker)
            {
                DiscardedPackets++; // a last fragment whose beginning was lost
                return;
            }

            _fragmentSize = size;
            _fragmentTimestamp = header.Timestamp;
        }

        if (_fragmentLength + fragment.Length > size)
        {
            DiscardedPackets++;
            AbandonFragment();
            return;
        }

        fragment.CopyTo(_fragment.AsSpan(_fragmentLength));
        _fragmentLength += fragment.Length;
        if (!header.Marker)
        {
            return;
        }

        if (_fragmentLength == size)
        {
            output.Add(new AudioFrame(_fragment.AsSpan(0, size).ToArray(), header.Timestamp, AacFormat.SamplesPerAccessUnit));
        }
        else
        {
            DiscardedPackets++; // the marker came before the unit was whole
        }

        AbandonFragment();
    }

    private void AbandonFragment()
    {
        _fragmentSize = -1;
        _fragmentLength = 0;
    }
}
