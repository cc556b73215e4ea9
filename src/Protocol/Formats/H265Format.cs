using System.Diagnostics.CodeAnalysis;
using MediaActors.Protocol.Codecs.H265;
using MediaActors.Protocol.Mp4;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Sdp;

namespace MediaActors.Protocol.Formats;

/// <summary>
/// H.265 / HEVC as this product carries it: Annex-B from encoders and .h265 files, RTP per RFC
/// 7798 with sprop-max-don-diff 0 (no DONL/DOND fields), SDP per RFC 7798 7.1. Every payload
/// starts with a 2-byte PayloadHdr laid out like a NAL unit header; aggregation packets (AP, type
/// 48) and fragmentation units (FU, type 49) mark themselves through its type. Every rule about
/// H.265 is here; the bitstream readers it calls (<see cref="H265Nal"/>,
/// <see cref="H265ProfileTierLevel"/>, <see cref="H265SequenceParameterSet"/>) stay in Codecs/H265.
/// </summary>
public readonly struct H265Format : INalUnitFormat
{
    /// <summary>F bit and the top bit of LayerId: everything in the first header byte but the type.</summary>
    private const byte ForbiddenAndLayerIdHighMask = 0x81;

    private const byte ForbiddenBit = 0x80;

    /// <summary>PayloadHdr plus the 1-byte FU header.</summary>
    private const int FuHeaderSize = H265Nal.HeaderSize + 1;

    /// <summary>An access unit delimiter is its 2-byte header and one byte of pic_type and stop bit.</summary>
    private const int AccessUnitDelimiterLength = H265Nal.HeaderSize + 1;

    private const int VpsPosition = 0;
    private const int SpsPosition = 1;
    private const int PpsPosition = 2;

    // Identity

    /// <inheritdoc/>
    public static Codec Codec => Codec.H265;

    /// <inheritdoc/>
    public static string Name => "H.265";

    /// <inheritdoc/>
    public static string EncodingName => "H265";

    /// <summary>1, as on the cluster wire since it first carried frames.</summary>
    public static byte WireCode => 1;

    /// <summary>The names ffmpeg's raw hevc muxer gives.</summary>
    public static IReadOnlyList<string> FileExtensions { get; } = [".h265", ".265", ".hevc"];

    /// <inheritdoc/>
    public static string ParameterSetNames => "VPS/SPS/PPS";

    // NAL units (H.265 7.3.1.2, 7.4.2.4.4)

    /// <inheritdoc/>
    public static int NalHeaderSize => H265Nal.HeaderSize;

    /// <inheritdoc/>
    public static bool IsVcl(ReadOnlySpan<byte> nal) => H265Nal.IsVcl(H265Nal.TypeOf(nal));

    /// <summary>IRAP slices (BLA, IDR, CRA): a decoder can start there.</summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> nal) => H265Nal.IsIrap(H265Nal.TypeOf(nal));

    /// <inheritdoc/>
    public static bool StartsPicture(ReadOnlySpan<byte> nal) => H265Nal.StartsPicture(nal);

    /// <inheritdoc/>
    public static bool IsDropped(ReadOnlySpan<byte> nal) => H265Nal.TypeOf(nal) is
        H265NalUnitType.AccessUnitDelimiter or
        H265NalUnitType.EndOfSequence or
        H265NalUnitType.EndOfBitstream or
        H265NalUnitType.FillerData;

    /// <summary>
    /// True for a whole access unit delimiter (H.265 7.3.2.5): the 2-byte header of type 35 and one
    /// byte of pic_type and stop bit. That exact form is never an H.264 unit, whose three bytes
    /// beginning 0x46 or 0x47 would be an SEI with a nal_ref_idc H.264 forbids or an SPS too short
    /// to hold its fields, so a sample of either codec can be cleared of delimiters without knowing
    /// which (<see cref="Mp4VideoSample"/>).
    /// </summary>
    public static bool IsAccessUnitDelimiter(ReadOnlySpan<byte> nal) =>
        nal.Length == AccessUnitDelimiterLength && H265Nal.TypeOf(nal) == H265NalUnitType.AccessUnitDelimiter;

    /// <summary>Suffix SEI and the other suffix types of <see cref="H265Nal.IsSuffix"/>.</summary>
    public static bool IsSuffix(ReadOnlySpan<byte> nal) => H265Nal.IsSuffix(H265Nal.TypeOf(nal));

    // Parameter sets and SDP (RFC 7798 7.1)

    /// <summary>VPS, SPS and PPS.</summary>
    public static int ParameterSetCount => 3;

    /// <inheritdoc/>
    public static int SpsIndex => SpsPosition;

    /// <inheritdoc/>
    public static int ParameterSetIndex(ReadOnlySpan<byte> nal) => H265Nal.TypeOf(nal) switch
    {
        H265NalUnitType.Vps => VpsPosition,
        H265NalUnitType.Sps => SpsPosition,
        H265NalUnitType.Pps => PpsPosition,
        _ => -1,
    };

    /// <summary>True when the SPS holds its general profile, tier and level, which the SDP states.</summary>
    public static bool SpsNamesProfileAndLevel(ReadOnlySpan<byte> sps) => H265ProfileTierLevel.TryReadFromSps(sps, out _);

    /// <inheritdoc/>
    public static (int Width, int Height, double? FramesPerSecond)? ReadPictureFormat(ReadOnlySpan<byte> sps) =>
        H265SequenceParameterSet.TryParse(sps, out var parsed) ? (parsed!.Width, parsed.Height, parsed.FramesPerSecond) : null;

    /// <summary>Empty: RFC 7798 has no parameter that is needed without the parameter sets.</summary>
    public static string FormatParametersWithoutParameterSets => string.Empty;

    /// <inheritdoc cref="FormatParameters(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    public static string FormatParameters(IReadOnlyList<ReadOnlyMemory<byte>> parameterSets) =>
        FormatParameters(parameterSets[VpsPosition].Span, parameterSets[SpsPosition].Span, parameterSets[PpsPosition].Span);

    /// <summary>
    /// The value of the a=fmtp attribute after "a=fmtp:&lt;pt&gt; ":
    /// sprop-vps=&lt;vps&gt;;sprop-sps=&lt;sps&gt;;sprop-pps=&lt;pps&gt;;profile-id=1;tier-flag=0;level-id=93.
    /// Players such as ExoPlayer cannot start without the sprop parameter sets, so all three are
    /// required. profile-space is written only when it is not 0, the value receivers infer when it
    /// is absent. sprop-max-don-diff is absent (0): the packetizer sends NAL units in decoding
    /// order, so no DONL fields are present.
    /// </summary>
    /// <param name="vps">The VPS NAL unit, 2-byte header included, no start code.</param>
    /// <param name="sps">The SPS NAL unit, 2-byte header included, no start code.</param>
    /// <param name="pps">The PPS NAL unit, 2-byte header included, no start code.</param>
    /// <exception cref="ArgumentException">The VPS or PPS is empty, or the SPS is too short to name its profile, tier and level.</exception>
    public static string FormatParameters(ReadOnlySpan<byte> vps, ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        if (vps.IsEmpty)
        {
            throw new ArgumentException("The VPS must not be empty.", nameof(vps));
        }

        if (!H265ProfileTierLevel.TryReadFromSps(sps, out var profile))
        {
            throw new ArgumentException("The SPS must hold its header and general profile, tier and level.", nameof(sps));
        }

        if (pps.IsEmpty)
        {
            throw new ArgumentException("The PPS must not be empty.", nameof(pps));
        }

        var profileSpace = profile.ProfileSpace == 0 ? string.Empty : $";profile-space={profile.ProfileSpace}";
        return $"sprop-vps={Convert.ToBase64String(vps)};sprop-sps={Convert.ToBase64String(sps)};sprop-pps={Convert.ToBase64String(pps)}" +
            $"{profileSpace};profile-id={profile.ProfileId};tier-flag={(profile.TierFlag ? 1 : 0)};level-id={profile.LevelId}";
    }

    /// <summary>hvc1 with an hvcC holding the VPS, SPS and PPS (<see cref="H265Mp4SampleEntry"/>).</summary>
    public static Mp4SampleEntry Mp4SampleEntry(IReadOnlyList<ReadOnlyMemory<byte>> parameterSets) =>
        H265Mp4SampleEntry.Create(parameterSets[VpsPosition], parameterSets[SpsPosition], parameterSets[PpsPosition]);

    /// <summary>
    /// RFC 7798 7.1: a stream whose sprop-max-don-diff is above 0 carries DONL fields, which
    /// <see cref="NalUnitDepacketizer{TFormat}"/> does not read. The parameter sets come from
    /// sprop-vps, sprop-sps and sprop-pps, in that order.
    /// </summary>
    public static bool TryReadFormatParameters(
        SdpFormatParameters parameters,
        out IReadOnlyList<ReadOnlyMemory<byte>> parameterSets,
        [NotNullWhen(false)] out string? unsupportedReason)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameterSets = [];
        if (!parameters.IsAbsentOr("sprop-max-don-diff", 0))
        {
            unsupportedReason = $"H.265 sprop-max-don-diff={parameters["sprop-max-don-diff"]} is not supported (only 0: no DONL fields).";
            return false;
        }

        var decoded = new List<ReadOnlyMemory<byte>>();
        if (parameters.TryDecodeBase64List("sprop-vps", decoded)
            && parameters.TryDecodeBase64List("sprop-sps", decoded)
            && parameters.TryDecodeBase64List("sprop-pps", decoded))
        {
            parameterSets = decoded;
        }

        unsupportedReason = null;
        return true;
    }

    // RTP payload (RFC 7798 without DONL)

    /// <summary>The AP PayloadHdr.</summary>
    public static int AggregationHeaderSize => H265Nal.HeaderSize;

    /// <summary>PayloadHdr plus FU header.</summary>
    public static int FragmentationHeaderSize => FuHeaderSize;

    /// <summary>
    /// Types 0..47 are NAL units, 48 and 49 the packets above; PACI (50) and the unspecified 51..63
    /// are not negotiated. TID 0 (nuh_temporal_id_plus1 = 0) is forbidden in every header.
    /// </summary>
    public static NalUnitPayloadKind KindOf(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < H265Nal.HeaderSize || H265Nal.TemporalIdOf(payload) < 0)
        {
            return NalUnitPayloadKind.Unsupported;
        }

        return H265Nal.TypeOf(payload) switch
        {
            < H265NalUnitType.AggregationPacket => NalUnitPayloadKind.SingleNalUnit,
            H265NalUnitType.AggregationPacket => NalUnitPayloadKind.Aggregation,
            H265NalUnitType.FragmentationUnit => NalUnitPayloadKind.Fragmentation,
            _ => NalUnitPayloadKind.Unsupported,
        };
    }

    /// <summary>
    /// RFC 7798 4.4.2: F is set if any unit has it; LayerId and TID are the lowest of the units'.
    /// TID is compared as nuh_temporal_id_plus1, which orders the same way.
    /// </summary>
    public static void WriteAggregationHeader(Span<byte> header, IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int start, int count)
    {
        var forbidden = 0;
        var layerId = int.MaxValue;
        var temporalIdPlus1 = int.MaxValue;
        for (var i = start; i < start + count; i++)
        {
            var nal = nalUnits[i].Span;
            forbidden |= nal[0] & ForbiddenBit;
            layerId = Math.Min(layerId, H265Nal.LayerIdOf(nal));
            temporalIdPlus1 = Math.Min(temporalIdPlus1, H265Nal.TemporalIdOf(nal) + 1);
        }

        WritePayloadHeader(header, forbidden, H265NalUnitType.AggregationPacket, layerId, temporalIdPlus1);
    }

    /// <summary>RFC 7798 4.4.3: the PayloadHdr keeps F, LayerId and TID of the unit; the FU header holds its type.</summary>
    public static void WriteFragmentationHeader(Span<byte> header, ReadOnlySpan<byte> nal)
    {
        header[0] = (byte)((nal[0] & ForbiddenAndLayerIdHighMask) | ((byte)H265NalUnitType.FragmentationUnit << H265Nal.TypeShift));
        header[1] = nal[1];
        header[2] = (byte)H265Nal.TypeOf(nal);
    }

    /// <summary>RFC 7798 4.4.3: FuType must name a NAL unit, not an AP, FU or PACI.</summary>
    public static bool TryRebuildNalHeader(ReadOnlySpan<byte> fragmentationHeader, Span<byte> nalHeader)
    {
        var fuType = fragmentationHeader[FuHeaderSize - 1] & H265Nal.TypeMask;
        if (fuType >= (int)H265NalUnitType.AggregationPacket)
        {
            return false;
        }

        nalHeader[0] = (byte)((fragmentationHeader[0] & ForbiddenAndLayerIdHighMask) | (fuType << H265Nal.TypeShift));
        nalHeader[1] = fragmentationHeader[1];
        return true;
    }

    private static void WritePayloadHeader(Span<byte> header, int forbidden, H265NalUnitType type, int layerId, int temporalIdPlus1)
    {
        header[0] = (byte)(forbidden | ((byte)type << H265Nal.TypeShift) | (layerId >> H265Nal.LayerIdHighBitShift));
        header[1] = (byte)((layerId << H265Nal.LayerIdLowBitsShift) | temporalIdPlus1); // the cast drops LayerId's top bit, written above
    }
}
