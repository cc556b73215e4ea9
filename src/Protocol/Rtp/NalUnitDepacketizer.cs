using System.Buffers.Binary;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Rtp;

/// <summary>
/// The receiving side of the non-interleaved NAL-unit payload formats (RFC 6184 mode 1, RFC 7798
/// without DONL): reassembles Single NAL Unit, aggregation and fragmentation packets into access
/// units. Garbage input never throws; it is dropped and counted.
/// </summary>
/// <remarks>
/// An access unit is complete when a packet with the marker bit arrives, or when a packet with a
/// new timestamp shows that the previous one's last packet was lost. A sequence gap abandons the
/// NAL unit being reassembled from fragments: a decoder cannot use a NAL unit with a hole.
/// H.265 PACI packets and streams with DONL fields (sprop-max-don-diff above 0) are not supported.
/// Not thread-safe; one instance per received stream. <see cref="VideoCodecFormat.CreateDepacketizer"/>
/// makes one for a codec chosen at run time.
/// </remarks>
/// <typeparam name="TFormat">The codec: <see cref="H264Format"/> or <see cref="H265Format"/>.</typeparam>
public sealed class NalUnitDepacketizer<TFormat> : IRtpDepacketizer
    where TFormat : struct, INalUnitFormat
{
    private const int InitialBufferSize = 64 * 1024;

    private readonly int _maxAccessUnitBytes;
    private readonly List<NalUnitRange> _nalUnits = [];
    private readonly RtpSequenceTracker _sequence = new();
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _length;
    private int _fragmentStart = -1;
    private uint _timestamp;

    /// <summary>Creates a depacketizer.</summary>
    /// <param name="maxAccessUnitBytes">Largest access unit accepted; NAL units that would exceed it are dropped, so memory stays bounded.</param>
    public NalUnitDepacketizer(int maxAccessUnitBytes = 8 * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAccessUnitBytes);
        _maxAccessUnitBytes = maxAccessUnitBytes;
    }

    /// <inheritdoc/>
    public long LostPackets => _sequence.LostPackets;

    /// <inheritdoc/>
    public long DiscardedPackets { get; private set; }

    /// <inheritdoc/>
    public uint AccessUnitTimestamp { get; private set; }

    /// <summary>
    /// Feeds one RTP packet. Returns true with the access unit this packet completed (a keyframe
    /// when it holds an IDR or IRAP slice), false while an access unit is still incomplete or when
    /// the packet was dropped.
    /// </summary>
    /// <remarks>
    /// When a packet both reveals that the previous access unit lost its end (new timestamp) and
    /// completes its own (marker), the complete one is returned and the broken one discarded.
    /// </remarks>
    public bool TryPush(ReadOnlySpan<byte> rtpPacket, out AccessUnit? accessUnit)
    {
        accessUnit = null;
        if (!RtpHeader.TryRead(rtpPacket, out var header, out var payloadOffset, out var payloadLength)
            || payloadLength == 0
            || !AcceptSequenceNumber(header.SequenceNumber))
        {
            DiscardedPackets++;
            return false;
        }

        AccessUnit? completed = null;
        if (header.Timestamp != _timestamp && (_nalUnits.Count > 0 || _fragmentStart >= 0))
        {
            completed = TakeAccessUnit(_timestamp);
        }

        _timestamp = header.Timestamp;
        if (!TryAppendPayload(rtpPacket.Slice(payloadOffset, payloadLength)))
        {
            DiscardedPackets++;
        }

        // The marker ends the access unit even when its own payload was unusable.
        if (header.Marker)
        {
            completed = TakeAccessUnit(header.Timestamp) ?? completed;
        }

        accessUnit = completed;
        return accessUnit is not null;
    }

    /// <summary>Rejects late duplicates; a gap abandons the NAL unit being reassembled from fragments.</summary>
    private bool AcceptSequenceNumber(ushort sequenceNumber)
    {
        if (!_sequence.TryAccept(sequenceNumber, out var discontinuity))
        {
            return false;
        }

        if (discontinuity)
        {
            AbandonFragment();
        }

        return true;
    }

    private bool TryAppendPayload(ReadOnlySpan<byte> payload)
    {
        var kind = TFormat.KindOf(payload);
        if (kind != NalUnitPayloadKind.Fragmentation)
        {
            AbandonFragment(); // the fragmented unit was interrupted, so its end is missing
        }

        return kind switch
        {
            NalUnitPayloadKind.SingleNalUnit => TryAppendNalUnit(payload),
            NalUnitPayloadKind.Aggregation => TryAppendAggregate(payload),
            NalUnitPayloadKind.Fragmentation => TryAppendFragment(payload),
            _ => false,
        };
    }

    private bool TryAppendNalUnit(ReadOnlySpan<byte> nal)
    {
        var start = _length;
        if (!TryAppendBytes(nal))
        {
            return false;
        }

        _nalUnits.Add(new NalUnitRange(start, nal.Length));
        return true;
    }

    /// <summary>RFC 6184 5.7.1, RFC 7798 4.4.2; a truncated unit, or one shorter than a NAL header, rejects the whole packet.</summary>
    private bool TryAppendAggregate(ReadOnlySpan<byte> payload)
    {
        var lengthBefore = _length;
        var countBefore = _nalUnits.Count;
        var remaining = payload[TFormat.AggregationHeaderSize..];
        while (!remaining.IsEmpty)
        {
            if (remaining.Length < INalUnitFormat.AggregatedSizeFieldSize)
            {
                return RollBack(lengthBefore, countBefore);
            }

            int size = BinaryPrimitives.ReadUInt16BigEndian(remaining);
            remaining = remaining[INalUnitFormat.AggregatedSizeFieldSize..];
            if (size < TFormat.NalHeaderSize || size > remaining.Length || !TryAppendNalUnit(remaining[..size]))
            {
                return RollBack(lengthBefore, countBefore);
            }

            remaining = remaining[size..];
        }

        return _nalUnits.Count > countBefore || RollBack(lengthBefore, countBefore);
    }

    private bool RollBack(int length, int nalUnitCount)
    {
        _length = length;
        _nalUnits.RemoveRange(nalUnitCount, _nalUnits.Count - nalUnitCount);
        return false;
    }

    /// <summary>RFC 6184 5.8, RFC 7798 4.4.3: the first fragment rebuilds the NAL header from the fragmentation header.</summary>
    private bool TryAppendFragment(ReadOnlySpan<byte> payload)
    {
        var headerSize = TFormat.FragmentationHeaderSize;
        if (payload.Length < headerSize)
        {
            return false;
        }

        var fuHeader = payload[headerSize - 1];
        var isStart = (fuHeader & INalUnitFormat.FuStartBit) != 0;
        var isEnd = (fuHeader & INalUnitFormat.FuEndBit) != 0;
        var fragment = payload[headerSize..];
        if (isStart && isEnd)
        {
            return false; // both RFCs forbid a NAL unit in a single fragment
        }

        if (isStart)
        {
            AbandonFragment();
            _fragmentStart = _length;
            Span<byte> nalHeader = stackalloc byte[TFormat.NalHeaderSize];
            if (!TFormat.TryRebuildNalHeader(payload[..headerSize], nalHeader) || !TryAppendBytes(nalHeader))
            {
                AbandonFragment();
                return false;
            }
        }
        else if (_fragmentStart < 0)
        {
            return false; // the start of this NAL unit was lost
        }

        if (!TryAppendBytes(fragment))
        {
            AbandonFragment();
            return false;
        }

        if (isEnd)
        {
            _nalUnits.Add(new NalUnitRange(_fragmentStart, _length - _fragmentStart));
            _fragmentStart = -1;
        }

        return true;
    }

    /// <summary>Appends to the access unit being built; false when that would exceed the size bound.</summary>
    private bool TryAppendBytes(ReadOnlySpan<byte> bytes)
    {
        var required = _length + bytes.Length;
        if (required > _maxAccessUnitBytes)
        {
            return false;
        }

        if (required > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(Math.Max(required, _buffer.Length * 2), _maxAccessUnitBytes));
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length = required;
        return true;
    }

    private void AbandonFragment()
    {
        if (_fragmentStart >= 0)
        {
            _length = _fragmentStart;
            _fragmentStart = -1;
        }
    }

    /// <summary>
    /// Copies the complete NAL units into one new array and starts a fresh access unit; when there
    /// were any, <paramref name="timestamp"/> (the RTP timestamp they shared) becomes <see cref="AccessUnitTimestamp"/>.
    /// </summary>
    private AccessUnit? TakeAccessUnit(uint timestamp)
    {
        AbandonFragment();
        if (_nalUnits.Count == 0)
        {
            Reset();
            return null;
        }

        var bytes = _buffer.AsSpan(0, _length).ToArray();
        var nalUnits = new ReadOnlyMemory<byte>[_nalUnits.Count];
        var isKeyframe = false;
        for (var i = 0; i < nalUnits.Length; i++)
        {
            nalUnits[i] = bytes.AsMemory(_nalUnits[i].Offset, _nalUnits[i].Length);
            isKeyframe |= TFormat.IsKeyframe(nalUnits[i].Span);
        }

        Reset();
        AccessUnitTimestamp = timestamp;
        return new AccessUnit(nalUnits, isKeyframe, StartsNewPicture: true);
    }

    private void Reset()
    {
        _length = 0;
        _fragmentStart = -1;
        _nalUnits.Clear();
    }
}
