namespace MediaActors.Sessions;

/// <summary>
/// Bounds the encoder output that a capture thread may hand a session before the session has
/// consumed it. The capture thread must never block on the network, so past the bound it
/// drops instead of waiting, and the next accepted chunk tells the session to resynchronise.
/// Shared by the facade (producer) and the session actor (consumer); lock-free.
/// </summary>
public sealed class IngestGate
{
    private readonly long _maxQueuedBytes;
    private long _queuedBytes;
    private long _droppedChunks;
    private int _droppedSinceLastAccepted;

    public IngestGate(long maxQueuedBytes) =>
        _maxQueuedBytes = maxQueuedBytes > 0
            ? maxQueuedBytes
            : throw new ArgumentOutOfRangeException(nameof(maxQueuedBytes), "The ingest bound must be positive.");

    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    public long DroppedChunks => Interlocked.Read(ref _droppedChunks);

    /// <summary>
    /// Reserves room for <paramref name="bytes"/>. False means the chunk must be dropped;
    /// <paramref name="afterDrop"/> is true on the first chunk accepted after a drop.
    /// </summary>
    public bool TryEnter(int bytes, out bool afterDrop)
    {
        if (Interlocked.Add(ref _queuedBytes, bytes) > _maxQueuedBytes)
        {
            Interlocked.Add(ref _queuedBytes, -bytes);
            Interlocked.Increment(ref _droppedChunks);
            Volatile.Write(ref _droppedSinceLastAccepted, 1);
            afterDrop = false;
            return false;
        }

        afterDrop = Interlocked.Exchange(ref _droppedSinceLastAccepted, 0) == 1;
        return true;
    }

    /// <summary>Called by the session once it has processed a chunk.</summary>
    public void Leave(int bytes) => Interlocked.Add(ref _queuedBytes, -bytes);
}
