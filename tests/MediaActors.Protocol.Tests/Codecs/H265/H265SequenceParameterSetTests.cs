using MediaActors.Protocol.Codecs.H265;

namespace MediaActors.Protocol.Tests.Codecs.H265;

public sealed class H265SequenceParameterSetTests
{
    public static TheoryData<byte[], int, int, byte, byte, int, double> RealEncoderSamples => new()
    {
        { H265Samples.Sps1280x720Main, 1280, 720, 1, 93, 1, 30 },
        { H265Samples.Sps1920x1080Main, 1920, 1080, 1, 120, 1, 30 },
        { H265Samples.Sps1366x766Cropped, 1366, 766, 1, 120, 1, 30 },
        { H265Samples.Sps640x360TwoSubLayers, 640, 360, 1, 63, 2, 30 },
        { H265Samples.Sps1280x720Main10, 1280, 720, 2, 93, 1, 30 },
        { H265Samples.Sps350x286Yuv444, 350, 286, 4, 60, 1, 30 },
        { H265Samples.Sps350x286Yuv422, 350, 286, 4, 60, 1, 30 },
        { H265Samples.Sps320x240Main25Fps, 320, 240, 1, 60, 1, 25 },
        { H265Samples.Sps320x240ScalingLists25Fps, 320, 240, 1, 60, 1, 25 },
    };

    [Theory]
    [MemberData(nameof(RealEncoderSamples))]
    public void Parses_size_profile_level_and_frame_rate_of_real_encoder_output(
        byte[] nal, int width, int height, byte profileId, byte levelId, int maxSubLayers, double framesPerSecond)
    {
        Assert.True(H265SequenceParameterSet.TryParse(nal, out var sps));

        Assert.Equal((width, height), (sps!.Width, sps.Height));
        Assert.Equal((profileId, false, levelId), (sps.ProfileId, sps.TierFlag, sps.LevelId));
        Assert.Equal(maxSubLayers, sps.MaxSubLayers);
        Assert.Equal(framesPerSecond, sps.FramesPerSecond);
    }

    [Fact]
    public void Main_profile_fields_are_exposed()
    {
        H265SequenceParameterSet.TryParse(H265Samples.Sps1280x720Main, out var sps);

        var expectedProfile = new H265ProfileTierLevel(0, false, 1, 0x60000000, 0x900000000000, 93);
        Assert.Equal(new H265SequenceParameterSet(expectedProfile, 1, true, 1, 8, 8, 1280, 720, 30), sps);
    }

    /// <summary>
    /// Every optional structure between the picture size and the timing info, as no sample encoder
    /// writes them. The bits were checked against ffmpeg's own parser (-bsf:v trace_headers), which
    /// reads the same 59.94 fps from them.
    /// </summary>
    [Fact]
    public void Reads_timing_info_behind_every_optional_sps_and_vui_structure()
    {
        var nal = Sps(new BitWriter()
            .Bits(0, 4).Bits(1, 3).Bit(true) // VPS id, sps_max_sub_layers_minus1 = 1, nesting
            .Bits(0, 2).Bit(false).Bits(1, 5).Bits(0x60000000, 32).Bits(0x9000, 16).Bits(0, 32).Bits(93, 8) // Main, level 3.1
            .Bit(false).Bit(false).Bits(0, 14) // sub-layer 0 carries no profile or level; reserved_zero_2bits
            .Ue(0).Ue(1).Ue(320).Ue(240).Bit(false) // sps id, 4:2:0, 320x240, no conformance window
            .Ue(0).Ue(0).Ue(4) // 8-bit, 8-bit POC LSBs
            .Bit(false).Ue(4).Ue(2).Ue(0) // DPB sizes of the highest sub-layer only
            .Ue(0).Ue(3).Ue(0).Ue(3).Ue(1).Ue(1) // block sizes and transform depths
            .Bit(true).Bit(false) // scaling lists on, the default ones
            .Bit(true).Bit(true) // AMP, SAO
            .Bit(true).Bits(7, 4).Bits(7, 4).Ue(0).Ue(1).Bit(false) // 8-bit PCM in 8x8 to 16x16 blocks
            .Ue(3) // three short-term reference picture sets:
            .Ue(2).Ue(1).Ue(0).Bit(true).Ue(1).Bit(true).Ue(0).Bit(true) // 0: -1, -3, +1
            .Bit(true).Bit(true).Ue(0) // 1: set 0 shifted by -1 ...
            .Bit(true).Bit(false).Bit(false).Bit(false).Bit(true).Bit(true) // ... keeps -2, drops -4, flags 0 (never kept), keeps -1
            .Bit(true).Bit(false).Ue(1) // 2: set 1 (two pictures, not three) shifted by +2 ...
            .Bit(true).Bit(false).Bit(false).Bit(true) // ... keeps +1, drops 0, keeps +2
            .Bit(true).Ue(2).Bits(5, 8).Bit(true).Bits(9, 8).Bit(false) // two long-term pictures, 8-bit POC LSBs
            .Bit(true).Bit(false) // temporal MVP, no strong intra smoothing
            .Bit(true) // vui_parameters_present_flag
            .Bit(true).Bits(255, 8).Bits(1, 16).Bits(1, 16) // Extended_SAR 1:1
            .Bit(true).Bit(false) // overscan info
            .Bit(true).Bits(5, 3).Bit(true).Bit(true).Bits(9, 8).Bits(16, 8).Bits(9, 8) // video signal type, BT.2020 PQ
            .Bit(true).Ue(2).Ue(2) // chroma sample locations
            .Bit(false).Bit(false).Bit(false) // neutral chroma, field_seq, frame_field_info
            .Bit(true).Ue(2).Ue(2).Ue(1).Ue(1) // default display window
            .Bit(true).Bits(1001, 32).Bits(60000, 32) // 59.94 fps
            .Bit(false).Bit(false).Bit(false) // no POC proportionality, HRD or restrictions
            .Bit(false)); // sps_extension_present_flag

        Assert.True(H265SequenceParameterSet.TryParse(nal, out var sps));
        Assert.Equal((320, 240, 2), (sps!.Width, sps.Height, sps.MaxSubLayers));
        Assert.Equal(60000.0 / 1001, sps.FramesPerSecond!.Value, precision: 9);
    }

    [Fact]
    public void No_vui_or_no_timing_info_means_no_frame_rate()
    {
        var withoutVui = Sps(CodingTools(MainProfile320x240(new BitWriter())).Bit(false));
        var withoutTiming = Sps(CodingTools(MainProfile320x240(new BitWriter()))
            .Bit(true).Bit(false).Bit(false).Bit(false).Bit(false) // VUI with nothing before the timing info
            .Bit(false).Bit(false).Bit(false).Bit(false) // neutral chroma, field_seq, frame_field_info, display window
            .Bit(false) // vui_timing_info_present_flag
            .Bit(false) // bitstream_restriction_flag
            .Bit(false));

        Assert.True(H265SequenceParameterSet.TryParse(withoutVui, out var spsWithoutVui));
        Assert.True(H265SequenceParameterSet.TryParse(withoutTiming, out var spsWithoutTiming));
        Assert.Null(spsWithoutVui!.FramesPerSecond);
        Assert.Null(spsWithoutTiming!.FramesPerSecond);
    }

    public static TheoryData<byte[], byte> ChromaSamples => new()
    {
        { H265Samples.Sps1280x720Main, 1 },
        { H265Samples.Sps350x286Yuv422, 2 },
        { H265Samples.Sps350x286Yuv444, 3 },
    };

    [Theory]
    [MemberData(nameof(ChromaSamples))]
    public void Chroma_format_is_read(byte[] nal, byte chromaFormatIdc)
    {
        Assert.True(H265SequenceParameterSet.TryParse(nal, out var sps));
        Assert.Equal(chromaFormatIdc, sps!.ChromaFormatIdc);
    }

    public static TheoryData<byte[], byte, byte, bool> SampleFormats => new()
    {
        { H265Samples.Sps1280x720Main, 8, 8, true },
        { H265Samples.Sps1280x720Main10, 10, 10, true },
        { H265Samples.Sps640x360TwoSubLayers, 8, 8, false },
    };

    [Theory]
    [MemberData(nameof(SampleFormats))]
    public void Bit_depths_and_temporal_id_nesting_are_read(byte[] nal, byte bitDepthLuma, byte bitDepthChroma, bool temporalIdNesting)
    {
        Assert.True(H265SequenceParameterSet.TryParse(nal, out var sps));
        Assert.Equal((bitDepthLuma, bitDepthChroma, temporalIdNesting), (sps!.BitDepthLuma, sps.BitDepthChroma, sps.TemporalIdNesting));
    }

    [Fact]
    public void Skips_sub_layer_profiles_and_levels()
    {
        var nal = Sps(new BitWriter()
            .Bits(0, 4).Bits(2, 3).Bit(true) // VPS id, sps_max_sub_layers_minus1 = 2, nesting
            .Bits(0, 2).Bit(true).Bits(1, 5).Bits(0x60000000, 32).Bits(0x9000, 16).Bits(0, 32).Bits(150, 8) // Main, High tier, level 5
            .Bit(true).Bit(true) // sub-layer 0: profile and level present
            .Bit(false).Bit(true) // sub-layer 1: level only
            .Bits(0, 12) // reserved_zero_2bits for sub-layers 2..7
            .Bits(0x2A, 8).Bits(0x12345678, 32).Bits(0xFFFF, 16).Bits(0xFFFFFFFF, 32).Bits(90, 8) // sub-layer 0 profile, level
            .Bits(60, 8) // sub-layer 1 level
            .Ue(0).Ue(0) // sps id, monochrome
            .Ue(1928).Ue(1088)
            .Bit(true).Ue(4).Ue(4).Ue(0).Ue(8) // monochrome crops in luma samples
            .Ue(0).Ue(0)); // 8-bit

        Assert.True(H265SequenceParameterSet.TryParse(nal, out var sps));
        Assert.Equal((1920, 1080, 3), (sps!.Width, sps.Height, sps.MaxSubLayers));
        Assert.Equal((1, true, 150), (sps.ProfileId, sps.TierFlag, sps.LevelId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Separate_colour_planes_or_not_4_4_4_crops_in_luma_samples(bool separateColourPlanes)
    {
        var nal = Sps(MainProfile(new BitWriter())
            .Ue(0).Ue(3).Bit(separateColourPlanes)
            .Ue(352).Ue(288)
            .Bit(true).Ue(0).Ue(2).Ue(0).Ue(2)
            .Ue(0).Ue(0)); // 8-bit

        Assert.True(H265SequenceParameterSet.TryParse(nal, out var sps));
        Assert.Equal((350, 286), (sps!.Width, sps.Height));
    }

    [Theory]
    [InlineData(4u, 64u, 64u, false)] // chroma_format_idc out of range
    [InlineData(1u, 0u, 64u, false)] // zero width
    [InlineData(1u, 64u, 16889u, false)] // beyond level 6.2
    [InlineData(1u, 16888u, 16888u, true)]
    public void Rejects_out_of_range_values(uint chromaFormatIdc, uint width, uint height, bool valid)
    {
        var nal = Sps(MainProfile(new BitWriter()).Ue(0).Ue(chromaFormatIdc).Ue(width).Ue(height).Bit(false).Ue(0).Ue(0));

        Assert.Equal(valid, H265SequenceParameterSet.TryParse(nal, out _));
    }

    [Fact]
    public void Rejects_a_conformance_window_that_removes_the_picture()
    {
        var nal = Sps(MainProfile(new BitWriter()).Ue(0).Ue(1).Ue(64).Ue(64).Bit(true).Ue(16).Ue(16).Ue(0).Ue(0));

        Assert.False(H265SequenceParameterSet.TryParse(nal, out _));
    }

    [Fact]
    public void Rejects_other_nal_types_higher_layers_and_truncated_input()
    {
        Assert.False(H265SequenceParameterSet.TryParse(H265Samples.Pps1280x720Main, out _));
        Assert.False(H265SequenceParameterSet.TryParse(H265Samples.Vps1280x720Main, out _));
        Assert.False(H265SequenceParameterSet.TryParse([], out _));
        byte[] higherLayer = [.. H265Samples.Sps1280x720Main];
        higherLayer[1] = 0x09; // nuh_layer_id 1
        Assert.False(H265SequenceParameterSet.TryParse(higherLayer, out _));

        const int LengthThroughConformanceWindowFlag = 24;
        for (var length = 0; length < LengthThroughConformanceWindowFlag; length++)
        {
            Assert.False(H265SequenceParameterSet.TryParse(H265Samples.Sps1280x720Main.AsSpan(0, length), out var sps), $"length {length}");
            Assert.Null(sps);
        }

        // Cut short after the picture size, an SPS still gives the size; only the rate is unknown.
        Assert.True(H265SequenceParameterSet.TryParse(H265Samples.Sps1280x720Main.AsSpan(0, LengthThroughConformanceWindowFlag), out var truncated));
        Assert.Equal((1280, 720), (truncated!.Width, truncated.Height));
        Assert.Null(truncated.FramesPerSecond);
    }

    /// <summary>
    /// Random bytes and mutated real SPSs: TryParse answers false with no SPS, or true with one
    /// whose profile, tier and level are those the profile_tier_level reader finds in the same
    /// bytes and whose size and rate lie within what the syntax allows; it never throws. Enough of
    /// the mutants parse for that to be tested.
    /// </summary>
    [Fact]
    public void Random_and_mutated_input_parses_consistently_or_is_refused()
    {
        var random = new Random(1234);
        byte[][] corpus = [H265Samples.Sps1280x720Main, H265Samples.Sps1920x1080Main, H265Samples.Sps1366x766Cropped,
            H265Samples.Sps640x360TwoSubLayers, H265Samples.Sps1280x720Main10];
        var parsed = 0;
        for (var i = 0; i < 5000; i++)
        {
            var nal = i % 2 == 0 ? RandomSps(random) : Mutated(random, corpus[random.Next(corpus.Length)]);

            if (!H265SequenceParameterSet.TryParse(nal, out var sps))
            {
                Assert.Null(sps);
                continue;
            }

            parsed++;
            Assert.True(H265ProfileTierLevel.TryReadFromSps(nal, out var profile));
            Assert.Equal((profile.ProfileId, profile.TierFlag, profile.LevelId), (sps!.ProfileId, sps.TierFlag, sps.LevelId));
            Assert.InRange(sps.Width, 1, 16888);
            Assert.InRange(sps.Height, 1, 16888);
            Assert.InRange(sps.MaxSubLayers, 1, 7);
            Assert.True(sps.FramesPerSecond is null or > 0 and < double.PositiveInfinity, $"frame rate {sps.FramesPerSecond}");
        }

        Assert.True(parsed > 500, $"only {parsed} of 5000 inputs parsed");
    }

    private static byte[] RandomSps(Random random)
    {
        var nal = new byte[random.Next(2, 60)];
        random.NextBytes(nal);
        nal[0] = 0x42;
        nal[1] = 0x01;
        return nal;
    }

    /// <summary>A real SPS with a few bytes after its header changed, or cut short.</summary>
    private static byte[] Mutated(Random random, byte[] sps)
    {
        var nal = (byte[])sps.Clone();
        for (var m = random.Next(1, 4); m > 0; m--)
        {
            nal[random.Next(2, nal.Length)] = (byte)random.Next(256);
        }

        return random.Next(4) == 0 ? nal[..random.Next(2, nal.Length)] : nal;
    }

    /// <summary>A single-layer Main profile, level 3.1 start of an SPS, up to sps_seq_parameter_set_id.</summary>
    private static BitWriter MainProfile(BitWriter writer) => writer
        .Bits(0, 4).Bits(0, 3).Bit(true)
        .Bits(0, 2).Bit(false).Bits(1, 5).Bits(0x60000000, 32).Bits(0x9000, 16).Bits(0, 32).Bits(93, 8);

    /// <summary>A single-layer Main profile SPS of 320x240, up to the fields after the conformance window.</summary>
    private static BitWriter MainProfile320x240(BitWriter writer) => MainProfile(writer).Ue(0).Ue(1).Ue(320).Ue(240).Bit(false);

    /// <summary>The plainest fields between the conformance window and vui_parameters_present_flag.</summary>
    private static BitWriter CodingTools(BitWriter writer) => writer
        .Ue(0).Ue(0).Ue(4) // bit depths, POC LSBs
        .Bit(true).Ue(4).Ue(2).Ue(0) // DPB sizes
        .Ue(0).Ue(3).Ue(0).Ue(3).Ue(1).Ue(1) // block sizes and transform depths
        .Bit(false).Bit(true).Bit(true).Bit(false) // no scaling lists, AMP, SAO, no PCM
        .Ue(0).Bit(false) // no short- or long-term reference picture sets
        .Bit(true).Bit(true); // temporal MVP, strong intra smoothing

    /// <summary>An SPS NAL unit: the 2-byte header 42 01, then the RBSP with emulation prevention.</summary>
    private static byte[] Sps(BitWriter writer) => [0x42, .. writer.ToNal(0x01)];
}
