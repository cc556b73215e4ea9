using System.Diagnostics.CodeAnalysis;
using MediaActors.Protocol.Codecs.H264;
using MediaActors.Protocol.Mp4;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Sdp;

namespace MediaActors.Protocol.Formats;

/// <summary>
/// H.264 / AVC as this product carries it: Annex-B from encoders and .h264 files, RTP in RFC 6184
/// packetization mode 1 (one-byte NAL headers, STAP-A aggregation, FU-A fragmentation), SDP per
/// RFC 6184 8.1. Every rule about H.264 is here; the bitstream readers it calls
/// (<see cref="H264Nal"/>, <see cref="H264SequenceParameterSet"/>) stay in Codecs/H264.
/// </summary>
public readonly struct H264Format : INalUnitFormat
{
    /// <summary>An SPS shorter than this (header, profile_idc, constraint flags, level_idc) cannot describe a stream.</summary>
    public const int MinSpsLength = 4;

    /// <summary>F (forbidden_zero_bit) and NRI of a NAL header: copied into STAP-A and FU indicators.</summary>
    private const byte ForbiddenAndNriMask = 0xE0;

    private const byte ForbiddenBit = 0x80;
    private const byte NriMask = 0x60;
    private const byte NalTypeMask = 0x1F;

    /// <summary>The only mode the packetizer uses: single NAL units, STAP-A and FU-A (RFC 6184 6.3).</summary>
    private const string PacketizationMode = "packetization-mode=1";

    /// <summary>An access unit delimiter is its header byte and one byte of primary_pic_type and stop bit.</summary>
    private const int AccessUnitDelimiterLength = 2;

    private const int SpsPosition = 0;
    private const int PpsPosition = 1;

    // Identity

    /// <inheritdoc/>
    public static Codec Codec => Codec.H264;

    /// <inheritdoc/>
    public static string Name => "H.264";

    /// <inheritdoc/>
    public static string EncodingName => "H264";

    /// <summary>0, as on the cluster wire since it first carried frames.</summary>
    public static byte WireCode => 0;

    /// <summary>The names ffmpeg's raw h264 muxer gives (.h264, .264), and .avc, also in use.</summary>
    public static IReadOnlyList<string> FileExtensions { get; } = [".h264", ".264", ".avc"];

    /// <inheritdoc/>
    public static string ParameterSetNames => "SPS/PPS";

    // NAL units (H.264 7.3.1, 7.4.1.2)

    /// <inheritdoc/>
    public static int NalHeaderSize => 1;

    /// <inheritdoc/>
    public static bool IsVcl(ReadOnlySpan<byte> nal) => H264Nal.IsVcl(H264Nal.TypeOf(nal[0]));

    /// <summary>IDR slices: a decoder can start there.</summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> nal) => H264Nal.TypeOf(nal[0]) == H264NalUnitType.IdrSlice;

    /// <inheritdoc/>
    public static bool StartsPicture(ReadOnlySpan<byte> nal) => H264Nal.StartsPicture(nal);

    /// <inheritdoc/>
    public static bool IsDropped(ReadOnlySpan<byte> nal) => H264Nal.TypeOf(nal[0]) is
        H264NalUnitType.AccessUnitDelimiter or
        H264NalUnitType.EndOfSequence or
        H264NalUnitType.EndOfStream or
        H264NalUnitType.FillerData;

    /// <summary>
    /// True for a whole access unit delimiter (H.264 7.3.2.4): the header 0x09 (nal_ref_idc is 0
    /// for it) and one byte of primary_pic_type and stop bit. That exact form is never an H.265
    /// unit, whose two bytes beginning 0x09 would be a slice without its slice header, so a sample
    /// of either codec can be cleared of delimiters without knowing which (<see cref="Mp4VideoSample"/>).
    /// </summary>
    public static bool IsAccessUnitDelimiter(ReadOnlySpan<byte> nal) =>
        nal.Length == AccessUnitDelimiterLength && nal[0] == (byte)H264NalUnitType.AccessUnitDelimiter;

    /// <summary>Per H.264 7.4.1.2.3 every non-VCL unit precedes the slices it belongs to.</summary>
    public static bool IsSuffix(ReadOnlySpan<byte> nal) => false;

    // Parameter sets and SDP (RFC 6184 8.1)

    /// <summary>SPS and PPS.</summary>
    public static int ParameterSetCount => 2;

    /// <inheritdoc/>
    public static int SpsIndex => SpsPosition;

    /// <inheritdoc/>
    public static int ParameterSetIndex(ReadOnlySpan<byte> nal) => H264Nal.TypeOf(nal[0]) switch
    {
        H264NalUnitType.Sps => SpsPosition,
        H264NalUnitType.Pps => PpsPosition,
        _ => -1,
    };

    /// <summary>True from <see cref="MinSpsLength"/> bytes on: the three bytes after the header are profile-level-id.</summary>
    public static bool SpsNamesProfileAndLevel(ReadOnlySpan<byte> sps) => sps.Length >= MinSpsLength;

    /// <inheritdoc/>
    public static (int Width, int Height, double? FramesPerSecond)? ReadPictureFormat(ReadOnlySpan<byte> sps) =>
        H264SequenceParameterSet.TryParse(sps, out var parsed) ? (parsed!.Width, parsed.Height, parsed.FramesPerSecond) : null;

    /// <summary>Only the packetization mode.</summary>
    public static string FormatParametersWithoutParameterSets => PacketizationMode;

    /// <inheritdoc cref="FormatParameters(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    public static string FormatParameters(IReadOnlyList<ReadOnlyMemory<byte>> parameterSets) =>
        FormatParameters(parameterSets[SpsPosition].Span, parameterSets[PpsPosition].Span);

    /// <summary>
    /// The value of the a=fmtp attribute after "a=fmtp:&lt;pt&gt; ":
    /// packetization-mode=1;profile-level-id=4D001F;sprop-parameter-sets=&lt;sps&gt;,&lt;pps&gt;.
    /// Players such as ExoPlayer cannot start without sprop-parameter-sets, so both parameter
    /// sets are required.
    /// </summary>
    /// <param name="sps">The SPS NAL unit, header byte included, no start code.</param>
    /// <param name="pps">The PPS NAL unit, header byte included, no start code.</param>
    /// <exception cref="ArgumentException">The SPS is shorter than 4 bytes or the PPS is empty.</exception>
    public static string FormatParameters(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        if (!SpsNamesProfileAndLevel(sps))
        {
            throw new ArgumentException("The SPS must hold its header and profile_idc, constraint flags and level_idc.", nameof(sps));
        }

        if (pps.IsEmpty)
        {
            throw new ArgumentException("The PPS must not be empty.", nameof(pps));
        }

        var profileLevelId = Convert.ToHexString(sps.Slice(1, 3));
        return $"{PacketizationMode};profile-level-id={profileLevelId};sprop-parameter-sets={Convert.ToBase64String(sps)},{Convert.ToBase64String(pps)}";
    }

    /// <summary>avc1 with an avcC holding the SPS and PPS (<see cref="H264Mp4SampleEntry"/>).</summary>
    public static Mp4SampleEntry Mp4SampleEntry(IReadOnlyList<ReadOnlyMemory<byte>> parameterSets) =>
        H264Mp4SampleEntry.Create(parameterSets[SpsPosition], parameterSets[PpsPosition]);

    /// <summary>
    /// RFC 6184 8.1: packetization-mode 0 (single NAL units) and 1 (adding STAP-A and FU-A) are
    /// what <see cref="NalUnitDepacketizer{TFormat}"/> reads; 2, the interleaved mode, is not.
    /// The SPS and PPS come from sprop-parameter-sets.
    /// </summary>
    public static bool TryReadFormatParameters(
        SdpFormatParameters parameters,
        out IReadOnlyList<ReadOnlyMemory<byte>> parameterSets,
        [NotNullWhen(false)] out string? unsupportedReason)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameterSets = [];
        if (!parameters.IsAbsentOr("packetization-mode", 0) && !parameters.IsAbsentOr("packetization-mode", 1))
        {
            unsupportedReason = $"H.264 packetization-mode={parameters["packetization-mode"]} is not supported (only 0 and 1; 2 is the interleaved mode).";
            return false;
        }

        var decoded = new List<ReadOnlyMemory<byte>>();
        if (parameters.TryDecodeBase64List("sprop-parameter-sets", decoded))
        {
            parameterSets = decoded;
        }

        unsupportedReason = null;
        return true;
    }

    // RTP payload (RFC 6184, packetization mode 1)

    /// <summary>The STAP-A header is one byte: F, the highest NRI, type 24.</summary>
    public static int AggregationHeaderSize => 1;

    /// <summary>FU indicator plus FU header.</summary>
    public static int FragmentationHeaderSize => 2;

    /// <summary>STAP-B, MTAP and FU-B belong to the interleaved mode, which is not negotiated.</summary>
    public static NalUnitPayloadKind KindOf(ReadOnlySpan<byte> payload) => H264Nal.TypeOf(payload[0]) switch
    {
        >= H264NalUnitType.NonIdrSlice and < H264NalUnitType.StapA => NalUnitPayloadKind.SingleNalUnit,
        H264NalUnitType.StapA => NalUnitPayloadKind.Aggregation,
        H264NalUnitType.FuA => NalUnitPayloadKind.Fragmentation,
        _ => NalUnitPayloadKind.Unsupported,
    };

    /// <summary>RFC 6184 5.7.1: the aggregate is as important as its most important unit; F is set if any unit has it.</summary>
    public static void WriteAggregationHeader(Span<byte> header, IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int start, int count)
    {
        var nri = 0;
        var forbidden = 0;
        for (var i = start; i < start + count; i++)
        {
            var nalHeader = nalUnits[i].Span[0];
            nri = Math.Max(nri, nalHeader & NriMask);
            forbidden |= nalHeader & ForbiddenBit;
        }

        header[0] = (byte)(forbidden | nri | (byte)H264NalUnitType.StapA);
    }

    /// <summary>RFC 6184 5.8: the FU indicator keeps F and NRI, the FU header the type.</summary>
    public static void WriteFragmentationHeader(Span<byte> header, ReadOnlySpan<byte> nal)
    {
        header[0] = (byte)((nal[0] & ForbiddenAndNriMask) | (byte)H264NalUnitType.FuA);
        header[1] = (byte)(nal[0] & NalTypeMask);
    }

    /// <inheritdoc/>
    public static bool TryRebuildNalHeader(ReadOnlySpan<byte> fragmentationHeader, Span<byte> nalHeader)
    {
        nalHeader[0] = (byte)((fragmentationHeader[0] & ForbiddenAndNriMask) | (fragmentationHeader[1] & NalTypeMask));
        return true;
    }
}
