namespace MediaActors.Protocol.Codecs;

/// <summary>
/// The parts of vui_parameters() that H.264 (E.1.1) and H.265 (E.2.1) share: the leading fields
/// both codecs write in the same order, and the timing info that gives the frame rate.
/// </summary>
internal static class VideoUsabilityInformation
{
    /// <summary>aspect_ratio_idc value Extended_SAR: an explicit sar_width and sar_height follow.</summary>
    private const uint ExtendedSampleAspectRatio = 255;

    /// <summary>
    /// Rates above this are not a camera's or a file's frame rate but a clock: an encoder handed a
    /// 90 kHz time base instead of a frame rate writes a "rate" of 90000. Pacing playback by it
    /// would spin, so it is treated as unknown.
    /// </summary>
    private const double MaxPlausibleFramesPerSecond = 1000;

    /// <summary>
    /// Skips the aspect ratio, overscan, video signal type and chroma sample location info: the
    /// fields in front of the timing info in H.264, and in front of neutral_chroma_indication_flag
    /// in H.265.
    /// </summary>
    /// <exception cref="InvalidDataException">The fields are truncated.</exception>
    public static void SkipThroughChromaLocation(ref BitReader reader)
    {
        if (reader.ReadBit()) // aspect_ratio_info_present_flag
        {
            if (reader.ReadBits(8) == ExtendedSampleAspectRatio) // aspect_ratio_idc
            {
                reader.SkipBits(16 + 16); // sar_width, sar_height
            }
        }

        if (reader.ReadBit()) // overscan_info_present_flag
        {
            reader.SkipBits(1); // overscan_appropriate_flag
        }

        if (reader.ReadBit()) // video_signal_type_present_flag
        {
            reader.SkipBits(3 + 1); // video_format, video_full_range_flag
            if (reader.ReadBit()) // colour_description_present_flag
            {
                reader.SkipBits(8 + 8 + 8); // colour_primaries, transfer_characteristics, matrix_coefficients
            }
        }

        if (reader.ReadBit()) // chroma_loc_info_present_flag
        {
            reader.ReadUnsignedExpGolomb(); // chroma_sample_loc_type_top_field
            reader.ReadUnsignedExpGolomb(); // chroma_sample_loc_type_bottom_field
        }
    }

    /// <summary>
    /// Reads the timing info present flag and, when set, num_units_in_tick and time_scale (the
    /// same three fields in both codecs), and turns them into frames per second.
    /// </summary>
    /// <param name="reader">Positioned at timing_info_present_flag (H.264) or vui_timing_info_present_flag (H.265).</param>
    /// <param name="ticksPerFrame">
    /// Clock ticks per frame: 2 for H.264, whose ticks count fields (a frame lasts two ticks, as
    /// x264 and hardware encoders write it), 1 for H.265, whose ticks count pictures.
    /// </param>
    /// <returns>The rate; null without timing info or when it is zero or implausibly high.</returns>
    /// <exception cref="InvalidDataException">The fields are truncated.</exception>
    public static double? ReadFramesPerSecond(ref BitReader reader, int ticksPerFrame)
    {
        if (!reader.ReadBit())
        {
            return null;
        }

        var numUnitsInTick = reader.ReadBits(32);
        var timeScale = reader.ReadBits(32);
        if (numUnitsInTick == 0 || timeScale == 0)
        {
            return null;
        }

        var framesPerSecond = timeScale / ((double)ticksPerFrame * numUnitsInTick);
        return framesPerSecond <= MaxPlausibleFramesPerSecond ? framesPerSecond : null;
    }
}
