using MediaActors.Protocol.Codecs;

namespace MediaActors.Protocol.Rtp;

/// <summary>Turns access units of one codec into RTP packets of one stream (one SSRC).</summary>
public interface IRtpPacketizer
{
    /// <summary>The SSRC written into every packet.</summary>
    uint Ssrc { get; }

    /// <summary>The sequence number the next packet will carry (for RTP-Info).</summary>
    ushort NextSequenceNumber { get; }

    /// <summary>
    /// Packetizes one access unit; every packet carries <paramref name="rtpTimestamp"/>, and the
    /// last one has the marker bit set.
    /// </summary>
    RtpPacketBatch Packetize(AccessUnit accessUnit, uint rtpTimestamp);
}
