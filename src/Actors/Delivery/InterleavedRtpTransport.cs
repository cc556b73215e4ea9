using MediaActors.Connections;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Delivery;

/// <summary>
/// Sends RTP inside the client's RTSP connection (RFC 2326 10.12: '$', channel, 16-bit length).
/// A frame's packets, each with its interleaved header, are one buffer (<see cref="RtpPacketBatch.Interleaved"/>)
/// handed to the connection's writer as a single write, so a frame is never split by a control
/// response and costs one system call.
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

    /// <summary>Every client on the same channel writes the same buffer, built once per frame.</summary>
    public bool TrySend(RtpPacketBatch packets) => _writer.TryEnqueueMedia(packets.Interleaved(_channel));

    public bool TrySendRtcp(ReadOnlySpan<byte> compound)
    {
        var frame = new byte[InterleavedFrame.HeaderSize + compound.Length];
        InterleavedFrame.Write(frame, _rtcpChannel, compound);
        return _writer.TryEnqueueMedia(frame);
    }
}
