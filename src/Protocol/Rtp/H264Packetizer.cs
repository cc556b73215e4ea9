using MediaActors.Protocol.Codecs;

namespace MediaActors.Protocol.Rtp;

/// <summary>
/// RFC 6184 packetization mode 1 (non-interleaved): a NAL unit that fits goes as a Single NAL
/// Unit packet, consecutive small non-VCL ones (SPS, PPS, SEI) are aggregated into a STAP-A, and
/// a NAL unit too big for one packet is split into FU-A fragments. Slices are never aggregated:
/// FFmpeg's RTP demuxer gives a picture whose slice arrives inside a STAP-A the timestamp of the
/// next one (seen with small keyframes: the first two frames got the same pts).
/// </summary>
/// <remarks>
/// Each batch costs exactly two allocations, its byte array and its packet-end array.
/// Not thread-safe; one instance per stream.
/// </remarks>
public sealed class H264Packetizer : IRtpPacketizer
{
    /// <summary>Below this, FU-A overhead dominates and no real network needs it.</summary>
    public const int MinPacketSize = NalUnitPacketizer.MinPacketSize;

    /// <summary>The largest UDP payload over IPv4 (65535 - 8 UDP - 20 IP header bytes).</summary>
    public const int MaxPacketSize = NalUnitPacketizer.MaxPacketSize;

    private readonly NalUnitPacketizer<H264PayloadFormat> _packetizer;

    /// <summary>Creates a packetizer for one stream.</summary>
    /// <param name="ssrc">The SSRC of the stream.</param>
    /// <param name="initialSequenceNumber">Sequence number of the first packet (RFC 3550 recommends a random one).</param>
    /// <param name="payloadType">The dynamic payload type announced in the SDP.</param>
    /// <param name="maxPacketSize">Largest packet including the 12-byte RTP header; lower it for small-MTU networks.</param>
    /// <exception cref="ArgumentOutOfRangeException">The payload type is above 127 or the packet size outside <see cref="MinPacketSize"/>..<see cref="MaxPacketSize"/>.</exception>
    public H264Packetizer(uint ssrc, ushort initialSequenceNumber, byte payloadType = 96, int maxPacketSize = 1400)
    {
        _packetizer = new NalUnitPacketizer<H264PayloadFormat>(ssrc, initialSequenceNumber, payloadType, maxPacketSize);
    }

    /// <inheritdoc/>
    public uint Ssrc => _packetizer.Ssrc;

    /// <inheritdoc/>
    public ushort NextSequenceNumber => _packetizer.NextSequenceNumber;

    /// <inheritdoc/>
    public RtpPacketBatch Packetize(AccessUnit accessUnit, uint rtpTimestamp) => _packetizer.Packetize(accessUnit, rtpTimestamp);
}
