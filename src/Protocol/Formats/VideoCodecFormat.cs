using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Mp4;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Protocol.Formats;

/// <summary>
/// A video codec as sessions, files and relays use it, whichever codec it is: its keyframe test,
/// and the assembler, packetizer, depacketizer and SDP format parameters of its streams.
/// </summary>
public abstract class VideoCodecFormat : CodecFormat
{
    /// <summary>RFC 3551 5: the RTP clock of video runs at 90 kHz.</summary>
    public const int ClockRate = 90_000;

    /// <summary>
    /// Video codecs have no static payload type (RFC 3551 6), so this server announces the first
    /// dynamic one.
    /// </summary>
    private const byte FirstDynamicPayloadType = 96;

    private protected VideoCodecFormat()
    {
    }

    /// <inheritdoc/>
    public override string MediaType => "video";

    /// <inheritdoc/>
    public override byte PayloadType => FirstDynamicPayloadType;

    /// <summary>The a=rtpmap encoding: "H264/90000", "H265/90000".</summary>
    public string RtpMap => $"{EncodingName}/{ClockRate}";

    /// <summary>The parameter sets a decoder needs, in decoding order, for messages: "SPS/PPS" or "VPS/SPS/PPS".</summary>
    public abstract string ParameterSetNames { get; }

    /// <summary>True for a NAL unit a decoder can start at (H.264 IDR, H.265 IRAP); <paramref name="nal"/> holds at least its first header byte.</summary>
    public abstract bool IsKeyframe(ReadOnlySpan<byte> nal);

    /// <summary>True for a parameter set NAL unit (H.264 SPS/PPS, H.265 VPS/SPS/PPS); <paramref name="nal"/> holds at least its header.</summary>
    public abstract bool IsParameterSet(ReadOnlySpan<byte> nal);

    /// <summary>
    /// True when one of <paramref name="nalUnits"/> (non-empty ranges within
    /// <paramref name="annexB"/>, as <see cref="AnnexB.Split"/> finds them) is a keyframe.
    /// </summary>
    public bool HoldsKeyframe(ReadOnlySpan<byte> annexB, IReadOnlyList<NalUnitRange> nalUnits)
    {
        ArgumentNullException.ThrowIfNull(nalUnits);
        foreach (var nal in nalUnits)
        {
            if (IsKeyframe(annexB.Slice(nal.Offset, nal.Length)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An assembler of the codec's Annex-B encoder output into access units, with the default bounds.</summary>
    public abstract IVideoAccessUnitAssembler CreateAssembler();

    /// <summary>A packetizer for one stream of the codec.</summary>
    /// <param name="ssrc">The SSRC of the stream.</param>
    /// <param name="initialSequenceNumber">Sequence number of the first packet (RFC 3550 recommends a random one).</param>
    /// <param name="payloadType">The payload type announced in the SDP, usually <see cref="CodecFormat.PayloadType"/>.</param>
    /// <param name="maxPacketSize">Largest packet including the 12-byte RTP header.</param>
    /// <exception cref="ArgumentOutOfRangeException">The payload type is above 127 or the packet size outside <see cref="NalUnitPacketizer.MinPacketSize"/>..<see cref="NalUnitPacketizer.MaxPacketSize"/>.</exception>
    public abstract IRtpPacketizer CreatePacketizer(uint ssrc, ushort initialSequenceNumber, byte payloadType, int maxPacketSize);

    /// <summary>A depacketizer for one received stream of the codec.</summary>
    /// <param name="maxAccessUnitBytes">Largest access unit accepted; NAL units that would exceed it are dropped, so memory stays bounded.</param>
    public abstract IRtpDepacketizer CreateDepacketizer(int maxAccessUnitBytes);

    /// <summary>
    /// The value of the a=fmtp attribute after "a=fmtp:&lt;pt&gt; ": with the parameter sets when
    /// <paramref name="parameterSets"/> holds them all (<see cref="IVideoAccessUnitAssembler.ParameterSets"/>),
    /// and when it is empty, whatever the codec can say without them (possibly nothing).
    /// </summary>
    /// <exception cref="ArgumentException">Some parameter sets are missing, or one cannot describe the stream.</exception>
    public abstract string FormatParameters(IReadOnlyList<ReadOnlyMemory<byte>> parameterSets);

    /// <summary>
    /// What an MP4 init segment says of the codec's samples (<see cref="Mp4InitSegment"/>): the
    /// avc1 or hvc1 sample entry with its decoder configuration, the RFC 6381 codecs string and
    /// the picture size, all from <paramref name="parameterSets"/> as
    /// <see cref="IVideoAccessUnitAssembler.ParameterSets"/> gives them (H.264: SPS, PPS; H.265:
    /// VPS, SPS, PPS; NAL units without start codes).
    /// </summary>
    /// <exception cref="ArgumentException">A parameter set is missing, out of order, too long for the record's 16-bit size, or the SPS cannot be parsed.</exception>
    public abstract Mp4SampleEntry Mp4SampleEntry(IReadOnlyList<ReadOnlyMemory<byte>> parameterSets);
}
