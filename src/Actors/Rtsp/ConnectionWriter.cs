using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;

namespace MediaActors.Rtsp;

/// <summary>
/// The only writer of one RTSP connection's socket: RTSP responses and interleaved RTP share
/// the byte stream, so every write goes through this ordered queue and one send loop. Media is
/// bounded in bytes: a client that stops reading makes <see cref="TryEnqueueMedia"/> refuse
/// (the sender skips to the next keyframe) instead of growing memory or blocking anyone.
/// </summary>
public sealed class ConnectionWriter
{
    private readonly Socket _socket;
    private readonly long _maxQueuedBytes;
    private readonly Channel<Segment> _queue = Channel.CreateUnbounded<Segment>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private long _queuedBytes;

    /// <summary>Room for responses beyond the media bound (a few hundred responses).</summary>
    public const int ControlAllowanceBytes = 256 * 1024;

    public ConnectionWriter(Socket socket, long maxQueuedBytes)
    {
        _socket = socket;
        _maxQueuedBytes = maxQueuedBytes;
        Completion = Task.Run(SendLoop);
    }

    /// <summary>Completes when the writer stopped: after <see cref="Complete"/> and a flush, or on a socket error (faulted).</summary>
    public Task Completion { get; }

    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>The media bound of the queue.</summary>
    public long MaxQueuedBytes => _maxQueuedBytes;

    /// <summary>
    /// Queues a control message (an RTSP response). Responses answer the client's own requests,
    /// so media never crowds them out: they may use <see cref="ControlAllowanceBytes"/> beyond the
    /// media bound. False when even that is used up: the client sends requests but does not read
    /// the answers, and the connection must be closed.
    /// </summary>
    public bool TryEnqueueControl(byte[] message)
    {
        if (Interlocked.Add(ref _queuedBytes, message.Length) > _maxQueuedBytes + ControlAllowanceBytes
            || !_queue.Writer.TryWrite(new Segment(message, message.Length, Pooled: false)))
        {
            Interlocked.Add(ref _queuedBytes, -message.Length);
            return false;
        }
        return true;
    }

    /// <summary>Queues media held in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; the writer
    /// returns it to the pool. False (buffer returned) when the client's queue is full or the writer stopped.</summary>
    public bool TryEnqueueMedia(byte[] pooledBuffer, int length)
    {
        if (Interlocked.Add(ref _queuedBytes, length) > _maxQueuedBytes || !_queue.Writer.TryWrite(new Segment(pooledBuffer, length, Pooled: true)))
        {
            Interlocked.Add(ref _queuedBytes, -length);
            ArrayPool<byte>.Shared.Return(pooledBuffer);
            return false;
        }
        return true;
    }

    /// <summary>Sends what is queued, then stops.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async Task SendLoop()
    {
        try
        {
            await foreach (var segment in _queue.Reader.ReadAllAsync())
            {
                try
                {
                    var sent = 0;
                    while (sent < segment.Length)
                        sent += await _socket.SendAsync(segment.Buffer.AsMemory(sent, segment.Length - sent), SocketFlags.None);
                }
                finally
                {
                    Interlocked.Add(ref _queuedBytes, -segment.Length);
                    if (segment.Pooled)
                        ArrayPool<byte>.Shared.Return(segment.Buffer);
                }
            }
        }
        finally
        {
            // Refuse further writes and give back what will never be sent.
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var segment))
            {
                if (segment.Pooled)
                    ArrayPool<byte>.Shared.Return(segment.Buffer);
            }
        }
    }

    private readonly record struct Segment(byte[] Buffer, int Length, bool Pooled);
}
