using System.Buffers;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Rtsp;
using MediaActors.Rtsp;

namespace MediaActors.Rtp;

/// <summary>
/// Sends RTP inside the client's RTSP connection (RFC 2326 10.12: '$', channel, 16-bit length).
/// The frame's packets are gathered into one pooled buffer and handed to the connection's writer
/// as a single write, so a frame is never split by a control response and costs one syscall.
/// </summary>
public sealed class InterleavedRtpTransport : IRtpTransport
{
    private readonly ConnectionWriter _writer;
    private readonly byte _channel;
    private readonly byte _rtcpChannel;

    public InterleavedRtpTransport(ConnectionWriter writer, (int Rtp, int Rtcp) channels)
    {
        _writer = writer;
        _channel = (byte)channels.Rtp;
        _rtcpChannel = (byte)channels.Rtcp;
        Description = $"tcp interleaved channels {channels.Rtp}-{channels.Rtcp}";
    }

    public string Description { get; }

    public long QueuedBytes => _writer.QueuedBytes;

    /// <summary>The client's own queue (the settings keep the GOP cache within it).</summary>
    public long BurstLimitBytes => _writer.MaxQueuedBytes;

    public bool TrySend(RtpPacketBatch packets)
    {
        var length = packets.TotalBytes + packets.Count * InterleavedFrame.HeaderSize;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var offset = 0;
        for (var i = 0; i < packets.Count; i++)
            offset += WriteFrame(buffer.AsSpan(offset), _channel, packets[i].Span);
        return _writer.TryEnqueueMedia(buffer, length);
    }

    public bool TrySendRtcp(ReadOnlySpan<byte> compound)
    {
        var length = InterleavedFrame.HeaderSize + compound.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        WriteFrame(buffer, _rtcpChannel, compound);
        return _writer.TryEnqueueMedia(buffer, length);
    }

    private static int WriteFrame(Span<byte> destination, byte channel, ReadOnlySpan<byte> payload)
    {
        InterleavedFrame.WriteHeader(destination, channel, payload.Length);
        payload.CopyTo(destination[InterleavedFrame.HeaderSize..]);
        return InterleavedFrame.HeaderSize + payload.Length;
    }
}
