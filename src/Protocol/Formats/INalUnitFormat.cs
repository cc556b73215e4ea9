using System.Diagnostics.CodeAnalysis;
using MediaActors.Protocol.Mp4;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Sdp;

namespace MediaActors.Protocol.Formats;

/// <summary>
/// The rules of a NAL-unit video codec (H.264, H.265) that the generic machinery needs: its
/// identity, how its NAL units and parameter sets are told apart, its SDP format parameters, and
/// where its RTP payload format (RFC 6184 mode 1, RFC 7798 without DONL) differs from the other's.
/// Both payload formats share everything else: single NAL unit packets, aggregated units each
/// prefixed by a 16-bit size, and a fragmentation header that ends in an FU header of S, E and
/// the unit's type.
/// </summary>
/// <remarks>
/// Implemented by structs with static members only: the generic
/// <see cref="Codecs.NalUnitAccessUnitAssembler{TFormat}"/>, <see cref="NalUnitPacketizer{TFormat}"/>
/// and <see cref="NalUnitDepacketizer{TFormat}"/> are then compiled once per codec, with direct
/// calls on the per-packet path; <see cref="NalUnitVideoFormat{TFormat}"/> shows them to the rest
/// of the product as a <see cref="VideoCodecFormat"/>. Every method that takes a NAL unit needs
/// at least its header (<see cref="NalHeaderSize"/> bytes) unless it says otherwise.
/// </remarks>
public interface INalUnitFormat
{
    /// <summary>Set in the FU header of the first fragment of a NAL unit.</summary>
    const byte FuStartBit = 0x80;

    /// <summary>Set in the FU header of the last fragment of a NAL unit.</summary>
    const byte FuEndBit = 0x40;

    /// <summary>Each aggregated NAL unit is preceded by its 16-bit size.</summary>
    const int AggregatedSizeFieldSize = 2;

    /// <summary>The codec.</summary>
    static abstract Codec Codec { get; }

    /// <summary>See <see cref="CodecFormat.Name"/>.</summary>
    static abstract string Name { get; }

    /// <summary>See <see cref="CodecFormat.EncodingName"/>.</summary>
    static abstract string EncodingName { get; }

    /// <summary>See <see cref="CodecFormat.WireCode"/>.</summary>
    static abstract byte WireCode { get; }

    /// <summary>See <see cref="CodecFormat.FileExtensions"/>.</summary>
    static abstract IReadOnlyList<string> FileExtensions { get; }

    /// <summary>See <see cref="VideoCodecFormat.ParameterSetNames"/>.</summary>
    static abstract string ParameterSetNames { get; }

    /// <summary>Size of the NAL unit header; a fragmented unit's header travels in the fragmentation header instead.</summary>
    static abstract int NalHeaderSize { get; }

    /// <summary>True for units that carry picture data (slices).</summary>
    static abstract bool IsVcl(ReadOnlySpan<byte> nal);

    /// <summary>True for units a decoder can start at (IDR, IRAP); only the first header byte is read.</summary>
    static abstract bool IsKeyframe(ReadOnlySpan<byte> nal);

    /// <summary>
    /// True for the first slice of a picture. Encoders that split pictures into slices hand them
    /// over one by one; this is how the next picture is told apart from the next slice.
    /// </summary>
    static abstract bool StartsPicture(ReadOnlySpan<byte> nal);

    /// <summary>True for units that carry nothing a receiver needs and that RTP streams must not carry (delimiters, filler, end of sequence or stream).</summary>
    static abstract bool IsDropped(ReadOnlySpan<byte> nal);

    /// <summary>True for non-VCL units that follow the slices of the picture they belong to, rather than precede them.</summary>
    static abstract bool IsSuffix(ReadOnlySpan<byte> nal);

    /// <summary>How many parameter sets a decoder needs.</summary>
    static abstract int ParameterSetCount { get; }

    /// <summary>The index of the sequence parameter set among the parameter sets.</summary>
    static abstract int SpsIndex { get; }

    /// <summary>Where <paramref name="nal"/> stands among the parameter sets in decoding order (VPS, SPS, PPS); -1 for any other unit.</summary>
    static abstract int ParameterSetIndex(ReadOnlySpan<byte> nal);

    /// <summary>True when an SPS is long enough to name what the SDP states of it (profile and level; H.265 also tier).</summary>
    static abstract bool SpsNamesProfileAndLevel(ReadOnlySpan<byte> sps);

    /// <summary>The displayed picture size and the frame rate an SPS states; null when it cannot be parsed.</summary>
    static abstract (int Width, int Height, double? FramesPerSecond)? ReadPictureFormat(ReadOnlySpan<byte> sps);

    /// <summary>The a=fmtp value when no parameter sets are known (possibly empty).</summary>
    static abstract string FormatParametersWithoutParameterSets { get; }

    /// <summary>The a=fmtp value for all <see cref="ParameterSetCount"/> parameter sets, in decoding order.</summary>
    /// <exception cref="ArgumentException">A parameter set is empty, or the SPS does not name its profile and level.</exception>
    static abstract string FormatParameters(IReadOnlyList<ReadOnlyMemory<byte>> parameterSets);

    /// <summary>
    /// The MP4 sample entry for all <see cref="ParameterSetCount"/> parameter sets, in decoding
    /// order, each of its own type (as <see cref="NalUnitVideoFormat{TFormat}"/> checks): avc1 or
    /// hvc1 with the decoder configuration record built from them.
    /// </summary>
    /// <exception cref="ArgumentException">The SPS cannot be parsed, or another parameter set is empty.</exception>
    static abstract Mp4SampleEntry Mp4SampleEntry(IReadOnlyList<ReadOnlyMemory<byte>> parameterSets);

    /// <summary>
    /// Reads the a=fmtp of a server's SDP for this codec: the parameter sets it carries (in
    /// decoding order; empty when absent or undecodable, since the stream may carry them in-band),
    /// and false with a reason when the stream is packetized in a way the depacketizer does not read.
    /// </summary>
    static abstract bool TryReadFormatParameters(
        SdpFormatParameters parameters,
        out IReadOnlyList<ReadOnlyMemory<byte>> parameterSets,
        [NotNullWhen(false)] out string? unsupportedReason);

    /// <summary>Size of the header in front of aggregated units (STAP-A type byte, AP PayloadHdr).</summary>
    static abstract int AggregationHeaderSize { get; }

    /// <summary>Size of the header in front of each fragment; its last byte is the FU header.</summary>
    static abstract int FragmentationHeaderSize { get; }

    /// <summary>What kind of packet a (non-empty) payload is; an aggregation or fragmentation kind only when the payload holds at least the NAL header.</summary>
    static abstract NalUnitPayloadKind KindOf(ReadOnlySpan<byte> payload);

    /// <summary>
    /// Writes the aggregation header for <paramref name="count"/> units from <paramref name="start"/>
    /// on, each at least <see cref="NalHeaderSize"/> long.
    /// </summary>
    static abstract void WriteAggregationHeader(Span<byte> header, IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int start, int count);

    /// <summary>
    /// Writes the fragmentation header for <paramref name="nal"/>, with the S and E bits of its FU
    /// header clear: the packetizer sets them per fragment.
    /// </summary>
    static abstract void WriteFragmentationHeader(Span<byte> header, ReadOnlySpan<byte> nal);

    /// <summary>
    /// Rebuilds the NAL unit header from the fragmentation header of a first fragment. False when
    /// that header names a type that cannot be fragmented.
    /// </summary>
    static abstract bool TryRebuildNalHeader(ReadOnlySpan<byte> fragmentationHeader, Span<byte> nalHeader);
}
