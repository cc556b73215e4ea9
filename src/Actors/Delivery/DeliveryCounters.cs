using MediaActors.Protocol.Rtp;

namespace MediaActors.Delivery;

/// <summary>
/// What has been delivered to one client track: written by its RTP senders (one at a time: a new
/// one after each PLAY adds to the same counters), read by its connection when an operator asks.
/// A read may be a frame behind a write on another thread, never torn (64-bit fields are read whole).
/// </summary>
public sealed class DeliveryCounters
{
    private long _framesSent, _framesDropped, _packetsSent, _bytesSent;

    /// <summary>The sequence number after the last packet sent (high 32 bits) and the last frame's RTP time (low 32 bits), one field so a read is never torn.</summary>
    private long _position;

    public long FramesSent => Volatile.Read(ref _framesSent);

    public long FramesDropped => Volatile.Read(ref _framesDropped);

    public long PacketsSent => Volatile.Read(ref _packetsSent);

    public long BytesSent => Volatile.Read(ref _bytesSent);

    /// <summary>
    /// Where the stream sent is now: the sequence number its next packet carries and the RTP time of
    /// its last frame; null before the first frame. A multicast reader joining a running group starts
    /// there (its PLAY reply's RTP-Info).
    /// </summary>
    public (ushort NextSequenceNumber, uint RtpTime)? Position =>
        FramesSent == 0 ? null : Unpack(Volatile.Read(ref _position));

    public void Sent(RtpPacketBatch packets)
    {
        Volatile.Write(ref _position, ((long)unchecked((ushort)(packets.FirstSequenceNumber + packets.Count)) << 32) | packets.Timestamp);
        Volatile.Write(ref _framesSent, _framesSent + 1);
        Volatile.Write(ref _packetsSent, _packetsSent + packets.Count);
        Volatile.Write(ref _bytesSent, _bytesSent + packets.TotalBytes);
    }

    private static (ushort, uint) Unpack(long position) => ((ushort)(position >> 32), unchecked((uint)position));

    public void Dropped() => Volatile.Write(ref _framesDropped, _framesDropped + 1);
}
