using MediaActors.Protocol.Codecs;

namespace MediaActors.Protocol.Rtp;

/// <summary>
/// The receiving side of RFC 7798 without DONL: reassembles Single NAL Unit, Aggregation Packet
/// and Fragmentation Unit packets into access units. Garbage input never throws; it is dropped
/// and counted.
/// </summary>
/// <remarks>
/// An access unit is complete when a packet with the marker bit arrives, or when a packet with a
/// new timestamp shows that the previous one's last packet was lost. A sequence gap abandons the
/// NAL unit being reassembled from fragments: a decoder cannot use a NAL unit with a hole.
/// PACI packets and streams with DONL fields (sprop-max-don-diff above 0) are not supported.
/// Not thread-safe; one instance per received stream.
/// </remarks>
public sealed class H265Depacketizer
{
    private readonly NalUnitDepacketizer<H265PayloadFormat> _depacketizer;

    /// <summary>Creates a depacketizer.</summary>
    /// <param name="maxAccessUnitBytes">Largest access unit accepted; NAL units that would exceed it are dropped, so memory stays bounded.</param>
    public H265Depacketizer(int maxAccessUnitBytes = 8 * 1024 * 1024)
    {
        _depacketizer = new NalUnitDepacketizer<H265PayloadFormat>(maxAccessUnitBytes);
    }

    /// <summary>Packets missing from the sequence-number series.</summary>
    public long LostPackets => _depacketizer.LostPackets;

    /// <summary>Packets dropped because they were malformed, unsupported, late or would overflow the size bound.</summary>
    public long DiscardedPackets => _depacketizer.DiscardedPackets;

    /// <summary>
    /// Feeds one RTP packet. Returns true with the access unit this packet completed (keyframe
    /// when it holds an IRAP slice), false while an access unit is still incomplete or when the
    /// packet was dropped.
    /// </summary>
    public bool TryPush(ReadOnlySpan<byte> rtpPacket, out AccessUnit? accessUnit) => _depacketizer.TryPush(rtpPacket, out accessUnit);
}
