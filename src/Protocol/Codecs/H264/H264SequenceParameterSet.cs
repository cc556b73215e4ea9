using System.Diagnostics.CodeAnalysis;

namespace MediaActors.Protocol.Codecs.H264;

/// <summary>
/// The fields of an H.264 sequence parameter set (H.264 7.3.2.1.1) that a streaming server needs:
/// the profile and level for the SDP profile-level-id, the chroma format and bit depths an MP4
/// avcC states for the high profiles, the displayed picture size, and the frame rate for pacing a
/// recorded stream.
/// </summary>
/// <param name="ProfileIdc">profile_idc (66 baseline, 77 main, 100 high, ...).</param>
/// <param name="ConstraintFlags">The byte of constraint_set0..5 flags and reserved bits.</param>
/// <param name="LevelIdc">level_idc, ten times the level number.</param>
/// <param name="ChromaFormatIdc">chroma_format_idc: 0 monochrome, 1 4:2:0 (implied by the profiles that do not state it), 2 4:2:2, 3 4:4:4.</param>
/// <param name="BitDepthLuma">Bits per luma sample, 8 to 14 (8 unless a high profile says otherwise).</param>
/// <param name="BitDepthChroma">Bits per chroma sample, 8 to 14 (8 unless a high profile says otherwise).</param>
/// <param name="Width">Displayed width in pixels, after frame cropping.</param>
/// <param name="Height">Displayed height in pixels, after frame cropping.</param>
/// <param name="FramesPerSecond">
/// time_scale / (2 * num_units_in_tick) from the VUI timing info; null when the SPS has no VUI or
/// no timing info, or the values are zero or implausible.
/// </param>
public sealed record H264SequenceParameterSet(
    byte ProfileIdc,
    byte ConstraintFlags,
    byte LevelIdc,
    byte ChromaFormatIdc,
    byte BitDepthLuma,
    byte BitDepthChroma,
    int Width,
    int Height,
    double? FramesPerSecond)
{
    /// <summary>H.264 clock ticks count fields: a frame lasts two of them.</summary>
    private const int TicksPerFrame = 2;

    /// <summary>A macroblock is 16x16 luma samples.</summary>
    private const int MacroblockSize = 16;

    /// <summary>
    /// H.264 A.3.1 limits each side to sqrt(8 * MaxFS) macroblocks; at level 6.2 (MaxFS 139264)
    /// that is 1055. Larger values are corrupt input, and rejecting them keeps the size
    /// arithmetic far from overflow.
    /// </summary>
    private const uint MaxMacroblocksPerSide = 1055;

    /// <summary>Bound on num_ref_frames_in_pic_order_cnt_cycle (the standard allows 0..255).</summary>
    private const uint MaxRefFramesInPicOrderCntCycle = 255;

    /// <summary>Samples are 8 bits unless a high profile states more.</summary>
    private const int DefaultBitDepth = 8;

    /// <summary>bit_depth_luma_minus8 and bit_depth_chroma_minus8 are 0..6.</summary>
    private const uint MaxBitDepthMinus8 = 6;

    /// <summary>Profiles whose SPS carries chroma format, bit depths and scaling matrices.</summary>
    private static ReadOnlySpan<byte> HighProfiles => [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135];

    /// <summary>
    /// profile-level-id as RFC 6184 defines it for SDP: the three bytes after the NAL header in
    /// uppercase hex, e.g. "4D001F".
    /// </summary>
    public string ProfileLevelId => $"{ProfileIdc:X2}{ConstraintFlags:X2}{LevelIdc:X2}";

    /// <summary>
    /// Parses an SPS NAL unit, header byte included, emulation prevention bytes not yet removed.
    /// Returns false (never throws) for anything that is not a well-formed SPS.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> spsNal, [NotNullWhen(true)] out H264SequenceParameterSet? sps)
    {
        sps = null;
        if (spsNal.Length < 4 || H264Nal.TypeOf(spsNal[0]) != H264NalUnitType.Sps)
        {
            return false;
        }

        try
        {
            sps = Parse(EmulationPrevention.ToRbsp(spsNal[1..]));
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Reads the SPS fields in syntax order.</summary>
    /// <exception cref="InvalidDataException">The SPS is truncated or holds values out of range.</exception>
    private static H264SequenceParameterSet Parse(byte[] rbsp)
    {
        var reader = new BitReader(rbsp);
        var profileIdc = (byte)reader.ReadBits(8);
        var constraintFlags = (byte)reader.ReadBits(8);
        var levelIdc = (byte)reader.ReadBits(8);
        reader.ReadUnsignedExpGolomb(); // seq_parameter_set_id

        uint chromaFormatIdc = 1; // 4:2:0 is implied when the profile does not say otherwise
        var separateColourPlane = false;
        var bitDepthLuma = DefaultBitDepth;
        var bitDepthChroma = DefaultBitDepth;
        if (HighProfiles.Contains(profileIdc))
        {
            chromaFormatIdc = reader.ReadUnsignedExpGolomb();
            if (chromaFormatIdc > 3)
            {
                throw new InvalidDataException("chroma_format_idc out of range.");
            }

            if (chromaFormatIdc == 3)
            {
                separateColourPlane = reader.ReadBit();
            }

            bitDepthLuma = ReadBitDepth(ref reader); // bit_depth_luma_minus8
            bitDepthChroma = ReadBitDepth(ref reader); // bit_depth_chroma_minus8
            reader.SkipBits(1); // qpprime_y_zero_transform_bypass_flag
            if (reader.ReadBit())
            {
                SkipScalingMatrix(ref reader, chromaFormatIdc);
            }
        }

        reader.ReadUnsignedExpGolomb(); // log2_max_frame_num_minus4
        SkipPicOrderCount(ref reader);
        reader.ReadUnsignedExpGolomb(); // max_num_ref_frames
        reader.SkipBits(1); // gaps_in_frame_num_value_allowed_flag

        var widthInMbs = reader.ReadUnsignedExpGolomb() + 1L;
        var heightInMapUnits = reader.ReadUnsignedExpGolomb() + 1L;
        var frameMbsOnly = reader.ReadBit();
        if (!frameMbsOnly)
        {
            reader.SkipBits(1); // mb_adaptive_frame_field_flag
        }

        reader.SkipBits(1); // direct_8x8_inference_flag
        if (widthInMbs > MaxMacroblocksPerSide || heightInMapUnits > MaxMacroblocksPerSide)
        {
            throw new InvalidDataException("Picture size out of range.");
        }

        // Field-coded sequences count map units per field, so a frame is twice as tall.
        var frameHeightFactor = frameMbsOnly ? 1 : 2;
        var codedWidth = widthInMbs * MacroblockSize;
        var codedHeight = heightInMapUnits * MacroblockSize * frameHeightFactor;
        var (width, height) = reader.ReadBit()
            ? CroppingWindow.Apply(ref reader, codedWidth, codedHeight, CropUnits(chromaFormatIdc, separateColourPlane, frameHeightFactor))
            : ((int)codedWidth, (int)codedHeight);

        return new H264SequenceParameterSet(
            profileIdc, constraintFlags, levelIdc, (byte)chromaFormatIdc, (byte)bitDepthLuma, (byte)bitDepthChroma, width, height, ReadFramesPerSecond(ref reader));
    }

    /// <summary>Reads a bit_depth_*_minus8 field as the bit depth.</summary>
    /// <exception cref="InvalidDataException">The value is outside 0..6.</exception>
    private static int ReadBitDepth(ref BitReader reader)
    {
        var minus8 = reader.ReadUnsignedExpGolomb();
        if (minus8 > MaxBitDepthMinus8)
        {
            throw new InvalidDataException("Bit depth out of range.");
        }

        return DefaultBitDepth + (int)minus8;
    }

    /// <summary>
    /// Reads vui_parameters_present_flag and vui_parameters() (H.264 E.1.1) up to the timing info.
    /// </summary>
    /// <remarks>
    /// Missing or malformed bits here give a null rate rather than failing the whole SPS: the
    /// picture size before them is what the SDP needs, and the rate is only a pacing hint.
    /// </remarks>
    private static double? ReadFramesPerSecond(ref BitReader reader)
    {
        try
        {
            if (!reader.ReadBit()) // vui_parameters_present_flag
            {
                return null;
            }

            VideoUsabilityInformation.SkipThroughChromaLocation(ref reader);
            return VideoUsabilityInformation.ReadFramesPerSecond(ref reader, TicksPerFrame);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// CropUnitX / CropUnitY of H.264 equations 7-19 to 7-22: crop offsets count chroma samples,
    /// so their pixel size depends on chroma subsampling and on field coding.
    /// </summary>
    private static (int X, int Y) CropUnits(uint chromaFormatIdc, bool separateColourPlane, int frameHeightFactor)
    {
        var monochromeOrSeparatePlanes = chromaFormatIdc == 0 || separateColourPlane;
        if (monochromeOrSeparatePlanes)
        {
            return (1, frameHeightFactor);
        }

        var subWidthC = chromaFormatIdc == 3 ? 1 : 2;
        var subHeightC = chromaFormatIdc == 1 ? 2 : 1;
        return (subWidthC, subHeightC * frameHeightFactor);
    }

    /// <summary>
    /// Skips seq_scaling_list_present_flag[i] and the lists they announce: six 4x4 lists and two
    /// 8x8 lists, or six 8x8 lists for 4:4:4.
    /// </summary>
    private static void SkipScalingMatrix(ref BitReader reader, uint chromaFormatIdc)
    {
        var listCount = chromaFormatIdc == 3 ? 12 : 8;
        for (var i = 0; i < listCount; i++)
        {
            if (reader.ReadBit())
            {
                SkipScalingList(ref reader, i < 6 ? 16 : 64);
            }
        }
    }

    /// <summary>scaling_list() of H.264 7.3.2.1.1.1: delta-coded entries until nextScale becomes 0.</summary>
    private static void SkipScalingList(ref BitReader reader, int size)
    {
        var lastScale = 8;
        var nextScale = 8;
        for (var j = 0; j < size && nextScale != 0; j++)
        {
            var deltaScale = reader.ReadSignedExpGolomb();
            nextScale = (lastScale + deltaScale + 256) % 256;
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }

    /// <summary>Skips pic_order_cnt_type and the fields each of its three variants carries.</summary>
    private static void SkipPicOrderCount(ref BitReader reader)
    {
        var picOrderCntType = reader.ReadUnsignedExpGolomb();
        switch (picOrderCntType)
        {
            case 0:
                reader.ReadUnsignedExpGolomb(); // log2_max_pic_order_cnt_lsb_minus4
                break;
            case 1:
                reader.SkipBits(1); // delta_pic_order_always_zero_flag
                reader.ReadSignedExpGolomb(); // offset_for_non_ref_pic
                reader.ReadSignedExpGolomb(); // offset_for_top_to_bottom_field
                var cycleLength = reader.ReadUnsignedExpGolomb();
                if (cycleLength > MaxRefFramesInPicOrderCntCycle)
                {
                    throw new InvalidDataException("num_ref_frames_in_pic_order_cnt_cycle out of range.");
                }

                for (uint i = 0; i < cycleLength; i++)
                {
                    reader.ReadSignedExpGolomb(); // offset_for_ref_frame[i]
                }

                break;
            case 2:
                break;
            default:
                throw new InvalidDataException("pic_order_cnt_type out of range.");
        }
    }
}
