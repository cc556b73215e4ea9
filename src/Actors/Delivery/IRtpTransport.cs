using MediaActors.Protocol.Rtp;

namespace MediaActors.Delivery;

/// <summary>How one client's RTP packets leave the server (UDP datagrams or TCP-interleaved frames).</summary>
public interface IRtpTransport
{
    /// <summary>
    /// Sends every packet of one access unit without blocking. False when the client cannot take
    /// the frame now (its queue is full); the frame was then not sent at all, or only in part.
    /// </summary>
    bool TrySend(RtpPacketBatch packets);

    /// <summary>Sends one RTCP compound packet (SR, BYE) to the client without blocking; false when it could not.</summary>
    bool TrySendRtcp(ReadOnlySpan<byte> compound);

    /// <summary>
    /// The largest burst (a joining client's GOP-cache catch-up) this transport can take at once
    /// without refusing, and without crowding out anyone else.
    /// </summary>
    long BurstLimitBytes { get; }

    /// <summary>Bytes queued for the client and not yet written to its socket (0 where nothing queues, as on UDP).</summary>
    long QueuedBytes { get; }

    /// <summary>A short description for logs, such as "udp 127.0.0.1:5000" or "tcp channel 0".</summary>
    string Description { get; }
}
