using System.Net.Sockets;

namespace MediaActors.Connections;

/// <summary>
/// The only writer of one RTSP connection's stream (a socket, TLS over it, or an HTTP tunnel's
/// GET half): RTSP responses and interleaved RTP share the byte stream, so every write goes through this ordered queue. Media is bounded in bytes:
/// a client that stops reading makes <see cref="TryEnqueueMedia"/> refuse (the sender skips to
/// the next keyframe) instead of growing memory or blocking anyone.
/// </summary>
/// <remarks>
/// A write to an idle connection goes to the stream at once, on the caller's thread: the send
/// completes in the call whenever the socket's buffer has room, which at line rate is nearly
/// always, so a frame costs one system call (and over TLS one encryption) and no thread hop.
/// Only a write the socket could not take at once waits, with what is queued behind it, for an
/// asynchronous send that finishes it on the thread pool.
/// </remarks>
public sealed class ConnectionWriter
{
    private readonly Stream _stream;
    private readonly long _maxQueuedBytes;
    private readonly object _lock = new();
    private readonly Queue<ReadOnlyMemory<byte>> _waiting = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _queuedBytes;

    /// <summary>A caller or the drain owns the socket; the others queue behind it.</summary>
    private bool _writing;
    private bool _completing;

    /// <summary>Room for responses beyond the media bound (a few hundred responses).</summary>
    public const int ControlAllowanceBytes = 256 * 1024;

    public ConnectionWriter(Stream stream, long maxQueuedBytes)
    {
        _stream = stream;
        _maxQueuedBytes = maxQueuedBytes;
    }

    /// <summary>A writer of a socket it does not own.</summary>
    public ConnectionWriter(Socket socket, long maxQueuedBytes)
        : this(new NetworkStream(socket, ownsSocket: false), maxQueuedBytes)
    {
    }

    /// <summary>Completes when the writer stopped: after <see cref="Complete"/> and a flush, or on a socket error (faulted).</summary>
    public Task Completion => _stopped.Task;

    /// <summary>Bytes accepted and not yet taken by the socket.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>The media bound of the queue.</summary>
    public long MaxQueuedBytes => _maxQueuedBytes;

    /// <summary>
    /// Queues a control message (an RTSP response). Responses answer the client's own requests,
    /// so media never crowds them out: they may use <see cref="ControlAllowanceBytes"/> beyond the
    /// media bound. False when even that is used up: the client sends requests but does not read
    /// the answers, and the connection must be closed.
    /// </summary>
    public bool TryEnqueueControl(byte[] message) => TryWrite(message, _maxQueuedBytes + ControlAllowanceBytes);

    /// <summary>
    /// Queues media. The bytes are only read, possibly after this returns, so one buffer can be
    /// shared by every connection it goes to; it must not change afterwards. False when the
    /// client's queue is full or the writer stopped.
    /// </summary>
    public bool TryEnqueueMedia(ReadOnlyMemory<byte> media) => TryWrite(media, _maxQueuedBytes);

    /// <summary>Sends what is queued, then stops.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completing = true;
            if (_writing)
            {
                return;
            }
        }
        _stopped.TrySetResult();
    }

    private bool TryWrite(ReadOnlyMemory<byte> bytes, long bound)
    {
        lock (_lock)
        {
            if (_completing || _queuedBytes + bytes.Length > bound)
            {
                return false;
            }

            Interlocked.Add(ref _queuedBytes, bytes.Length);
            if (_writing)
            {
                _waiting.Enqueue(bytes);
                return true;
            }
            _writing = true;
        }
        _ = DrainAsync(bytes);
        return true;
    }

    /// <summary>
    /// Writes <paramref name="first"/>, then whatever queued behind it, until the queue is empty.
    /// Runs on the caller's thread until the stream cannot take more.
    /// </summary>
    private async Task DrainAsync(ReadOnlyMemory<byte> first)
    {
        var current = first;
        try
        {
            while (true)
            {
                await _stream.WriteAsync(current).ConfigureAwait(false);
                Interlocked.Add(ref _queuedBytes, -current.Length);
                lock (_lock)
                {
                    if (!_waiting.TryDequeue(out current))
                    {
                        _writing = false;
                        if (!_completing)
                        {
                            return;
                        }

                        break;
                    }
                }
            }
            _stopped.TrySetResult();
        }
        catch (Exception error)
        {
            // A socket or TLS error, or a stream disposed under it; whatever it was, nothing more goes out.
            Stop(error);
        }
    }

    /// <summary>The socket failed: refuse further writes and drop what will never be sent.</summary>
    private void Stop(Exception error)
    {
        lock (_lock)
        {
            _completing = true;
            _writing = false;
            _waiting.Clear();
            Interlocked.Exchange(ref _queuedBytes, 0);
        }
        _stopped.TrySetException(error);
    }
}
