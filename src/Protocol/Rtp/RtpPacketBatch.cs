using System.Buffers.Binary;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Rtp;

/// <summary>
/// All RTP packets (headers included) of one access unit, or of one buffer of audio frames, back
/// to back in one array. A session packetizes each access unit once and every client sends from the same batch, so it is
/// immutable once built.
/// </summary>
/// <remarks>
/// Packet boundaries are an int array rather than one object per packet: a 100 KB keyframe is
/// ~75 packets, and a batch then costs two allocations instead of ~150.
/// </remarks>
public sealed class RtpPacketBatch
{
    private readonly byte[] _buffer;
    private readonly int[] _packetEnds;

    /// <summary>The interleaved form last asked for (clients of one track nearly always share a channel).</summary>
    private InterleavedForm? _interleaved;

    /// <summary>Wraps packets already written into <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The packets back to back; the batch takes ownership.</param>
    /// <param name="packetEnds">End offset of each packet in <paramref name="buffer"/>, increasing; the batch takes ownership.</param>
    /// <param name="timestamp">The RTP timestamp of the first packet (video: of every packet).</param>
    /// <param name="firstSequenceNumber">The sequence number of the first packet.</param>
    /// <param name="isKeyframe">True when the access unit is a keyframe.</param>
    /// <exception cref="ArgumentException">The ends are not increasing, leave an empty packet or overrun the buffer.</exception>
    public RtpPacketBatch(byte[] buffer, int[] packetEnds, uint timestamp, ushort firstSequenceNumber, bool isKeyframe)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(packetEnds);
        var previousEnd = 0;
        foreach (var end in packetEnds)
        {
            if (end <= previousEnd || end > buffer.Length)
            {
                throw new ArgumentException("Packet ends must increase and stay within the buffer.", nameof(packetEnds));
            }

            previousEnd = end;
        }

        _buffer = buffer;
        _packetEnds = packetEnds;
        Timestamp = timestamp;
        FirstSequenceNumber = firstSequenceNumber;
        IsKeyframe = isKeyframe;
    }

    /// <summary>Number of packets.</summary>
    public int Count => _packetEnds.Length;

    /// <summary>
    /// The RTP timestamp of the first packet. A video batch stamps every packet with it; an audio
    /// batch advances it packet by packet, and each packet's header has its own.
    /// </summary>
    public uint Timestamp { get; }

    /// <summary>Sequence number of packet 0; packet i has FirstSequenceNumber + i, wrapping.</summary>
    public ushort FirstSequenceNumber { get; }

    /// <summary>True when the access unit is a keyframe: a new client may start here.</summary>
    public bool IsKeyframe { get; }

    /// <summary>Sum of the packet lengths.</summary>
    public int TotalBytes => _packetEnds.Length == 0 ? 0 : _packetEnds[^1];

    /// <summary>All packets back to back, e.g. for one gathered write on a TCP connection.</summary>
    public ReadOnlyMemory<byte> Buffer => _buffer.AsMemory(0, TotalBytes);

    /// <summary>
    /// A copy whose packets carry timestamps moved by the same amount, so that the first one
    /// carries <paramref name="timestamp"/>; sequence numbers, markers and payloads are unchanged.
    /// This batch stays as it is (other clients share it).
    /// </summary>
    public RtpPacketBatch Retimed(uint timestamp)
    {
        var shift = unchecked(timestamp - Timestamp);
        var buffer = _buffer.AsSpan(0, TotalBytes).ToArray();
        var start = 0;
        foreach (var end in _packetEnds)
        {
            // Bytes 4..7 of the fixed RTP header (RFC 3550 5.1); every packet here has one.
            var field = buffer.AsSpan(start + 4, 4);
            BinaryPrimitives.WriteUInt32BigEndian(field, unchecked(BinaryPrimitives.ReadUInt32BigEndian(field) + shift));
            start = end;
        }
        return new RtpPacketBatch(buffer, _packetEnds, timestamp, FirstSequenceNumber, IsKeyframe);
    }

    /// <summary>
    /// The packets framed for an RTSP connection (RFC 2326 10.12: '$', <paramref name="channel"/>,
    /// 16-bit length, packet), back to back: one write for a TCP client. Built once per channel
    /// and shared by every client that asks with the same channel; read only.
    /// </summary>
    public ReadOnlyMemory<byte> Interleaved(byte channel)
    {
        var cached = Volatile.Read(ref _interleaved);
        if (cached is not null && cached.Channel == channel)
        {
            return cached.Bytes;
        }

        var bytes = new byte[TotalBytes + (Count * InterleavedFrame.HeaderSize)];
        var offset = 0;
        var start = 0;
        foreach (var end in _packetEnds)
        {
            offset += InterleavedFrame.Write(bytes.AsSpan(offset), channel, _buffer.AsSpan(start, end - start));
            start = end;
        }

        // Senders on other threads may build it at the same time; every copy is the same.
        Volatile.Write(ref _interleaved, new InterleavedForm(channel, bytes));
        return bytes;
    }

    /// <summary>Where packet <paramref name="index"/> ends in <see cref="Buffer"/> (packet i starts where i - 1 ends).</summary>
    public int EndOf(int index) => _packetEnds[index];

    /// <summary>Packet <paramref name="index"/>, RTP header included.</summary>
    public ReadOnlyMemory<byte> this[int index]
    {
        get
        {
            var start = index == 0 ? 0 : _packetEnds[index - 1];
            return _buffer.AsMemory(start, _packetEnds[index] - start);
        }
    }

    private sealed record InterleavedForm(byte Channel, byte[] Bytes);
}
