using System.Diagnostics.CodeAnalysis;
using MediaActors.Protocol.Codecs.H264;

namespace MediaActors.Protocol.Codecs.H265;

/// <summary>
/// The fields of an H.265 sequence parameter set (H.265 7.3.2.2.1) that a streaming server needs:
/// the profile, tier and level for the SDP, what an MP4 hvcC states of the stream (sub-layers,
/// chroma format, bit depths), the displayed picture size, and the frame rate for pacing a
/// recorded stream.
/// </summary>
/// <param name="ProfileTierLevel">The general profile, tier and level.</param>
/// <param name="MaxSubLayers">sps_max_sub_layers_minus1 + 1: how many temporal sub-layers the stream has.</param>
/// <param name="TemporalIdNesting">sps_temporal_id_nesting_flag: a decoder may switch up to any higher sub-layer at any picture.</param>
/// <param name="ChromaFormatIdc">chroma_format_idc: 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4.</param>
/// <param name="BitDepthLuma">Bits per luma sample, 8 to 16.</param>
/// <param name="BitDepthChroma">Bits per chroma sample, 8 to 16.</param>
/// <param name="Width">Displayed width in pixels, after the conformance window.</param>
/// <param name="Height">Displayed height in pixels, after the conformance window.</param>
/// <param name="FramesPerSecond">
/// vui_time_scale / vui_num_units_in_tick from the VUI timing info; null when the SPS has no VUI
/// or no timing info, or the values are zero or implausible.
/// </param>
public sealed record H265SequenceParameterSet(
    H265ProfileTierLevel ProfileTierLevel,
    int MaxSubLayers,
    bool TemporalIdNesting,
    byte ChromaFormatIdc,
    byte BitDepthLuma,
    byte BitDepthChroma,
    int Width,
    int Height,
    double? FramesPerSecond)
{
    /// <summary>H.265 clock ticks count pictures.</summary>
    private const int TicksPerFrame = 1;

    /// <summary>log2_max_pic_order_cnt_lsb_minus4 is 0..12.</summary>
    private const uint MaxLog2MaxPicOrderCntLsbMinus4 = 12;

    /// <summary>num_long_term_ref_pics_sps is 0..32.</summary>
    private const uint MaxLongTermRefPicsSps = 32;

    /// <summary>
    /// H.265 A.4.1 limits each side to sqrt(8 * MaxLumaPs) luma samples; at level 6.2 (MaxLumaPs
    /// 35651584) that is 16888. Larger values are corrupt input, and rejecting them keeps the size
    /// arithmetic far from overflow.
    /// </summary>
    private const uint MaxLumaSamplesPerSide = 16888;

    /// <summary>sps_seq_parameter_set_id is 0..15.</summary>
    private const uint MaxSequenceParameterSetId = 15;

    private const uint MaxChromaFormatIdc = 3;

    /// <summary>bit_depth_luma_minus8 and bit_depth_chroma_minus8 are 0..8.</summary>
    private const uint MaxBitDepthMinus8 = 8;

    private const int MinBitDepth = 8;

    /// <summary>general_profile_idc, the profile-id of RFC 7798 (1 is Main).</summary>
    public byte ProfileId => ProfileTierLevel.ProfileId;

    /// <summary>general_tier_flag, the tier-flag of RFC 7798: false for the Main tier.</summary>
    public bool TierFlag => ProfileTierLevel.TierFlag;

    /// <summary>general_level_idc, the level-id of RFC 7798: thirty times the level number.</summary>
    public byte LevelId => ProfileTierLevel.LevelId;

    /// <summary>
    /// Parses an SPS NAL unit, 2-byte header included, emulation prevention bytes not yet removed.
    /// Returns false (never throws) for anything that is not a well-formed base-layer SPS.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> spsNal, [NotNullWhen(true)] out H265SequenceParameterSet? sps)
    {
        sps = null;
        // An SPS of a higher layer (multi-layer extensions) has a different syntax; only the base
        // layer is streamed.
        if (spsNal.Length < H265ProfileTierLevel.SpsBytesThroughGeneralLevel
            || H265Nal.TypeOf(spsNal) != H265NalUnitType.Sps
            || H265Nal.LayerIdOf(spsNal) != 0)
        {
            return false;
        }

        try
        {
            sps = Parse(EmulationPrevention.ToRbsp(spsNal[H265Nal.HeaderSize..]));
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Reads the SPS fields in syntax order, up to the VUI timing info.</summary>
    /// <exception cref="InvalidDataException">The SPS is truncated or holds values out of range.</exception>
    private static H265SequenceParameterSet Parse(byte[] rbsp)
    {
        var reader = new BitReader(rbsp);
        var maxSubLayersMinus1 = H265ProfileTierLevel.ReadSpsSubLayerCount(ref reader, out var temporalIdNesting);
        var profileTierLevel = H265ProfileTierLevel.Read(ref reader, maxSubLayersMinus1);
        if (reader.ReadUnsignedExpGolomb() > MaxSequenceParameterSetId)
        {
            throw new InvalidDataException("sps_seq_parameter_set_id out of range.");
        }

        var chromaFormatIdc = reader.ReadUnsignedExpGolomb();
        if (chromaFormatIdc > MaxChromaFormatIdc)
        {
            throw new InvalidDataException("chroma_format_idc out of range.");
        }

        if (chromaFormatIdc == 3)
        {
            reader.SkipBits(1); // separate_colour_plane_flag: 4:4:4 crops in luma samples either way
        }

        var codedWidth = reader.ReadUnsignedExpGolomb(); // pic_width_in_luma_samples
        var codedHeight = reader.ReadUnsignedExpGolomb(); // pic_height_in_luma_samples
        if (codedWidth is 0 or > MaxLumaSamplesPerSide || codedHeight is 0 or > MaxLumaSamplesPerSide)
        {
            throw new InvalidDataException("Picture size out of range.");
        }

        var (width, height) = reader.ReadBit() // conformance_window_flag
            ? CroppingWindow.Apply(ref reader, codedWidth, codedHeight, ChromaSubsampling(chromaFormatIdc))
            : ((int)codedWidth, (int)codedHeight);

        var bitDepthLuma = ReadBitDepth(ref reader); // bit_depth_luma_minus8
        var bitDepthChroma = ReadBitDepth(ref reader); // bit_depth_chroma_minus8
        return new H265SequenceParameterSet(
            profileTierLevel,
            maxSubLayersMinus1 + 1,
            temporalIdNesting,
            (byte)chromaFormatIdc,
            bitDepthLuma,
            bitDepthChroma,
            width,
            height,
            ReadFramesPerSecond(ref reader, maxSubLayersMinus1));
    }

    /// <summary>Reads a bit_depth_*_minus8 field as the bit depth.</summary>
    /// <exception cref="InvalidDataException">The value is outside 0..8.</exception>
    private static byte ReadBitDepth(ref BitReader reader)
    {
        var minus8 = reader.ReadUnsignedExpGolomb();
        if (minus8 > MaxBitDepthMinus8)
        {
            throw new InvalidDataException("Bit depth out of range.");
        }

        return (byte)(MinBitDepth + minus8);
    }

    /// <summary>
    /// Reads on from log2_max_pic_order_cnt_lsb_minus4 through vui_parameters() up to the timing info.
    /// </summary>
    /// <remarks>
    /// Missing or malformed bits here give a null rate rather than failing the whole SPS: the
    /// picture size before them is what the SDP needs, and the rate is only a pacing hint.
    /// </remarks>
    private static double? ReadFramesPerSecond(ref BitReader reader, int maxSubLayersMinus1)
    {
        try
        {
            SkipCodingTools(ref reader, maxSubLayersMinus1);
            if (!reader.ReadBit()) // vui_parameters_present_flag
            {
                return null;
            }

            VideoUsabilityInformation.SkipThroughChromaLocation(ref reader);
            reader.SkipBits(3); // neutral_chroma_indication_flag, field_seq_flag, frame_field_info_present_flag
            if (reader.ReadBit()) // default_display_window_flag
            {
                for (var offset = 0; offset < 4; offset++)
                {
                    reader.ReadUnsignedExpGolomb(); // def_disp_win_left/right/top/bottom_offset
                }
            }

            return VideoUsabilityInformation.ReadFramesPerSecond(ref reader, TicksPerFrame);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// Skips the SPS fields between the bit depths and vui_parameters_present_flag: picture order
    /// count and DPB sizes, block sizes, scaling lists, PCM, reference picture sets and the tool
    /// flags.
    /// </summary>
    private static void SkipCodingTools(ref BitReader reader, int maxSubLayersMinus1)
    {
        var log2MaxPicOrderCntLsbMinus4 = reader.ReadUnsignedExpGolomb();
        if (log2MaxPicOrderCntLsbMinus4 > MaxLog2MaxPicOrderCntLsbMinus4)
        {
            throw new InvalidDataException("log2_max_pic_order_cnt_lsb_minus4 out of range.");
        }

        // Without sps_sub_layer_ordering_info_present_flag only the highest sub-layer is coded.
        var firstOrderedSubLayer = reader.ReadBit() ? 0 : maxSubLayersMinus1;
        for (var subLayer = firstOrderedSubLayer; subLayer <= maxSubLayersMinus1; subLayer++)
        {
            reader.ReadUnsignedExpGolomb(); // sps_max_dec_pic_buffering_minus1
            reader.ReadUnsignedExpGolomb(); // sps_max_num_reorder_pics
            reader.ReadUnsignedExpGolomb(); // sps_max_latency_increase_plus1
        }

        reader.ReadUnsignedExpGolomb(); // log2_min_luma_coding_block_size_minus3
        reader.ReadUnsignedExpGolomb(); // log2_diff_max_min_luma_coding_block_size
        reader.ReadUnsignedExpGolomb(); // log2_min_luma_transform_block_size_minus2
        reader.ReadUnsignedExpGolomb(); // log2_diff_max_min_luma_transform_block_size
        reader.ReadUnsignedExpGolomb(); // max_transform_hierarchy_depth_inter
        reader.ReadUnsignedExpGolomb(); // max_transform_hierarchy_depth_intra
        if (reader.ReadBit() && reader.ReadBit()) // scaling_list_enabled_flag, sps_scaling_list_data_present_flag
        {
            H265ScalingListData.Skip(ref reader);
        }

        reader.SkipBits(2); // amp_enabled_flag, sample_adaptive_offset_enabled_flag
        if (reader.ReadBit()) // pcm_enabled_flag
        {
            reader.SkipBits(4 + 4); // pcm_sample_bit_depth_luma_minus1, pcm_sample_bit_depth_chroma_minus1
            reader.ReadUnsignedExpGolomb(); // log2_min_pcm_luma_coding_block_size_minus3
            reader.ReadUnsignedExpGolomb(); // log2_diff_max_min_pcm_luma_coding_block_size
            reader.SkipBits(1); // pcm_loop_filter_disabled_flag
        }

        H265ShortTermReferencePictureSets.Skip(ref reader);
        if (reader.ReadBit()) // long_term_ref_pics_present_flag
        {
            var longTermCount = reader.ReadUnsignedExpGolomb(); // num_long_term_ref_pics_sps
            if (longTermCount > MaxLongTermRefPicsSps)
            {
                throw new InvalidDataException("num_long_term_ref_pics_sps out of range.");
            }

            // lt_ref_pic_poc_lsb_sps is as wide as the POC LSBs, then used_by_curr_pic_lt_sps_flag.
            var bitsPerLongTermPicture = (int)log2MaxPicOrderCntLsbMinus4 + 4 + 1;
            reader.SkipBits((int)longTermCount * bitsPerLongTermPicture);
        }

        reader.SkipBits(2); // sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
    }

    /// <summary>
    /// SubWidthC / SubHeightC of H.265 table 6-1: conformance window offsets count chroma samples,
    /// so their size in luma samples depends on the chroma subsampling. Monochrome and 4:4:4
    /// (separate colour planes or not) count in luma samples.
    /// </summary>
    private static (int X, int Y) ChromaSubsampling(uint chromaFormatIdc) => chromaFormatIdc switch
    {
        1 => (2, 2),
        2 => (2, 1),
        _ => (1, 1),
    };
}
