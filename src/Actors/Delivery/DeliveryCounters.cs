namespace MediaActors.Delivery;

/// <summary>
/// What has been delivered to one client track: written by its RTP senders (one at a time: a new
/// one after each PLAY adds to the same counters), read by its connection when an operator asks.
/// A read may be a frame behind a write on another thread, never torn (64-bit fields are read whole).
/// </summary>
public sealed class DeliveryCounters
{
    private long _framesSent, _framesDropped, _packetsSent, _bytesSent;

    public long FramesSent => Volatile.Read(ref _framesSent);

    public long FramesDropped => Volatile.Read(ref _framesDropped);

    public long PacketsSent => Volatile.Read(ref _packetsSent);

    public long BytesSent => Volatile.Read(ref _bytesSent);

    public void Sent(int packets, long bytes)
    {
        Volatile.Write(ref _framesSent, _framesSent + 1);
        Volatile.Write(ref _packetsSent, _packetsSent + packets);
        Volatile.Write(ref _bytesSent, _bytesSent + bytes);
    }

    public void Dropped() => Volatile.Write(ref _framesDropped, _framesDropped + 1);
}
