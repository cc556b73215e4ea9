using MediaActors.Protocol.Codecs;

namespace MediaActors.Protocol.Rtp;

/// <summary>
/// Turns the RTP packets of one received video stream back into access units. Garbage input never
/// throws; it is dropped and counted.
/// </summary>
public interface IRtpDepacketizer
{
    /// <summary>Packets missing from the sequence-number series.</summary>
    long LostPackets { get; }

    /// <summary>Packets dropped because they were malformed, unsupported, late or would overflow the size bound.</summary>
    long DiscardedPackets { get; }

    /// <summary>
    /// The RTP timestamp of the access unit <see cref="TryPush"/> last returned. It is not
    /// necessarily the timestamp of the packet just pushed: a packet with a new timestamp can
    /// complete the previous access unit, whose marker packet was lost.
    /// </summary>
    uint AccessUnitTimestamp { get; }

    /// <summary>
    /// Feeds one RTP packet. Returns true with the access unit this packet completed, false while
    /// an access unit is still incomplete or when the packet was dropped.
    /// </summary>
    bool TryPush(ReadOnlySpan<byte> rtpPacket, out AccessUnit? accessUnit);
}
