using System.Buffers.Binary;
using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Rtp;

/// <summary>
/// The receiving side of RFC 3640 AAC-hbr (sizelength=13, indexlength=3, indexdeltalength=3):
/// splits packets into access units and reassembles fragmented ones. Garbage input never throws;
/// it is dropped and counted. Used by tests and test clients.
/// </summary>
/// <remarks>
/// Interleaving (a non-zero index or index-delta) is not negotiated by <see cref="AacFormat.FormatParameters"/>,
/// so such packets are dropped. A sequence gap abandons the access unit being reassembled: a
/// decoder cannot use one with a hole. Not thread-safe; one instance per received stream.
/// </remarks>
public sealed class AacDepacketizer
{
    private readonly byte[] _fragment = new byte[AacFormat.MaxAccessUnitSize];
    private int _fragmentLength;
    private int _fragmentSize = -1;
    private uint _fragmentTimestamp;
    private bool _hasSequenceNumber;
    private ushort _expectedSequenceNumber;

    /// <summary>Packets missing from the sequence-number series.</summary>
    public long LostPackets { get; private set; }

    /// <summary>Packets dropped because they were malformed, interleaved or an orphaned fragment.</summary>
    public long DiscardedPackets { get; private set; }

    /// <summary>
    /// Feeds one RTP packet. Returns true with the access units it completed (several for an
    /// aggregate, one for the last fragment) and the RTP timestamp of the first; each further one
    /// is a frame length (1024 samples) later. False while a fragmented unit is incomplete or when
    /// the packet was dropped.
    /// </summary>
    public bool TryPush(ReadOnlySpan<byte> rtpPacket, out IReadOnlyList<ReadOnlyMemory<byte>> accessUnits, out uint rtpTimestamp)
    {
        accessUnits = [];
        rtpTimestamp = 0;
        if (!RtpHeader.TryRead(rtpPacket, out var header, out var payloadOffset, out var payloadLength))
        {
            DiscardedPackets++;
            return false;
        }

        TrackSequenceNumber(header.SequenceNumber);
        var payload = rtpPacket.Slice(payloadOffset, payloadLength);
        if (!TryReadAuHeaders(payload, out var count, out var headersEnd, out var dataSize))
        {
            DiscardedPackets++;
            AbandonFragment();
            return false;
        }

        var data = payload[headersEnd..];
        if (count == 1 && dataSize > data.Length)
        {
            return TryAppendFragment(header, dataSize, data, out accessUnits, out rtpTimestamp);
        }

        AbandonFragment();
        if (dataSize != data.Length)
        {
            DiscardedPackets++;
            return false;
        }

        var bytes = data.ToArray();
        var units = new ReadOnlyMemory<byte>[count];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var size = BinaryPrimitives.ReadUInt16BigEndian(payload[(AacFormat.AuHeadersLengthSize + (i * AacFormat.AuHeaderSize))..]) >> AacFormat.IndexLength;
            units[i] = bytes.AsMemory(offset, size);
            offset += size;
        }

        accessUnits = units;
        rtpTimestamp = header.Timestamp;
        return true;
    }

    /// <summary>Counts lost packets; any gap breaks a fragmented access unit.</summary>
    private void TrackSequenceNumber(ushort sequenceNumber)
    {
        if (_hasSequenceNumber && sequenceNumber != _expectedSequenceNumber)
        {
            var ahead = unchecked((ushort)(sequenceNumber - _expectedSequenceNumber));
            if (ahead < 0x8000)
            {
                LostPackets += ahead;
            }

            AbandonFragment();
        }

        _hasSequenceNumber = true;
        _expectedSequenceNumber = unchecked((ushort)(sequenceNumber + 1));
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
    private bool TryAppendFragment(RtpHeader header, int size, ReadOnlySpan<byte> fragment, out IReadOnlyList<ReadOnlyMemory<byte>> accessUnits, out uint rtpTimestamp)
    {
        accessUnits = [];
        rtpTimestamp = 0;
        var continues = _fragmentSize == size && _fragmentTimestamp == header.Timestamp;
        if (!continues)
        {
            AbandonFragment();
            if (header.Marker)
            {
                DiscardedPackets++; // a last fragment whose beginning was lost
                return false;
            }

            _fragmentSize = size;
            _fragmentTimestamp = header.Timestamp;
        }

        if (_fragmentLength + fragment.Length > size)
        {
            DiscardedPackets++;
            AbandonFragment();
            return false;
        }

        fragment.CopyTo(_fragment.AsSpan(_fragmentLength));
        _fragmentLength += fragment.Length;
        if (!header.Marker)
        {
            return false;
        }

        var complete = _fragmentLength == size;
        var accessUnit = complete ? _fragment.AsSpan(0, size).ToArray() : null;
        AbandonFragment();
        if (accessUnit is null)
        {
            DiscardedPackets++; // the marker came before the unit was whole
            return false;
        }

        accessUnits = [accessUnit];
        rtpTimestamp = header.Timestamp;
        return true;
    }

    private void AbandonFragment()
    {
        _fragmentSize = -1;
        _fragmentLength = 0;
    }
}
