using System.Buffers;
using System.Buffers.Binary;
using MediaActors.Protocol.Rtp;
using MediaActors.Rtsp;

namespace MediaActors.Rtp;

/// <summary>
/// Sends RTP inside the client's RTSP connection (RFC 2326 10.12: '$', channel, 16-bit length).
/// The frame's packets are gathered into one pooled buffer and handed to the connection's writer
/// as a single write, so a frame is never split by a control response and costs one syscall.
/// </summary>
public sealed class InterleavedRtpTransport : IRtpTransport
{
    private const int FrameHeaderSize = 4;
    private readonly ConnectionWriter _writer;
    private readonly byte _channel;

    public InterleavedRtpTransport(ConnectionWriter writer, byte channel)
    {
        _writer = writer;
        _channel = channel;
        Description = $"tcp interleaved channel {channel}";
    }

    public string Description { get; }

    public bool TrySend(RtpPacketBatch packets)
    {
        var length = packets.TotalBytes + packets.Count * FrameHeaderSize;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var offset = 0;
        for (var i = 0; i < packets.Count; i++)
        {
            var packet = packets[i].Span;
            buffer[offset] = (byte)'$';
            buffer[offset + 1] = _channel;
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset + 2), (ushort)packet.Length);
            packet.CopyTo(buffer.AsSpan(offset + FrameHeaderSize));
            offset += FrameHeaderSize + packet.Length;
        }

        return _writer.TryEnqueueMedia(buffer, length);
    }
}
