using MediaActors.Protocol.Codecs.H264;

namespace MediaActors.Protocol.Tests.Codecs.H264;

public sealed class H264SequenceParameterSetTests
{
    public static TheoryData<byte[], int, int, string, double> RealEncoderSamples => new()
    {
        { H264Samples.Sps1280x720Main, 1280, 720, "4D401F", 30 },
        { H264Samples.Sps1920x1080High, 1920, 1080, "640028", 30 },
        { H264Samples.Sps1920x1080Baseline, 1920, 1080, "42C028", 30 },
        { H264Samples.Sps352x288High444, 352, 288, "F4000D", 30 },
        { H264Samples.Sps1280x720High10, 1280, 720, "6E001F", 30 },
        { H264Samples.Sps1920x1080Interlaced, 1920, 1080, "640028", 30 },
        { H264Samples.Sps320x240High25Fps, 320, 240, "64000D", 25 },
        { H264Samples.Sps320x240High29_97Fps, 320, 240, "64000D", 30000.0 / 1001 },
    };

    [Theory]
    [MemberData(nameof(RealEncoderSamples))]
    public void Parses_size_profile_and_frame_rate_of_real_encoder_output(byte[] nal, int width, int height, string profileLevelId, double framesPerSecond)
    {
        Assert.True(H264SequenceParameterSet.TryParse(nal, out var sps));

        Assert.Equal((width, height), (sps!.Width, sps.Height));
        Assert.Equal(profileLevelId, sps.ProfileLevelId);
        Assert.Equal(framesPerSecond, sps.FramesPerSecond!.Value, precision: 9);
    }

    [Fact]
    public void Main_profile_fields_are_exposed()
    {
        H264SequenceParameterSet.TryParse(H264Samples.Sps1280x720Main, out var sps);

        Assert.Equal(new H264SequenceParameterSet(77, 0x40, 31, 1, 8, 8, 1280, 720, 30), sps);
    }

    public static TheoryData<byte[], byte, byte, byte> SampleFormats => new()
    {
        { H264Samples.Sps1280x720Main, 1, 8, 8 },
        { H264Samples.Sps1920x1080High, 1, 8, 8 },
        { H264Samples.Sps1280x720High10, 1, 10, 10 },
        { H264Samples.Sps352x288High444, 3, 8, 8 },
    };

    [Theory]
    [MemberData(nameof(SampleFormats))]
    public void Reads_chroma_format_and_bit_depths_which_only_high_profiles_state(byte[] nal, byte chromaFormatIdc, byte bitDepthLuma, byte bitDepthChroma)
    {
        Assert.True(H264SequenceParameterSet.TryParse(nal, out var sps));

        Assert.Equal((chromaFormatIdc, bitDepthLuma, bitDepthChroma), (sps!.ChromaFormatIdc, sps.BitDepthLuma, sps.BitDepthChroma));
    }

    /// <summary>
    /// Every optional VUI field in front of the timing info, as x264 never writes them. The bits
    /// were checked against ffmpeg's own parser (-bsf:v trace_headers), which reads the same timing.
    /// </summary>
    [Fact]
    public void Reads_timing_info_behind_every_optional_vui_field()
    {
        var nal = MainProfile320x240(new BitWriter())
            .Bit(true) // vui_parameters_present_flag
            .Bit(true).Bits(255, 8).Bits(4, 16).Bits(3, 16) // Extended_SAR 4:3
            .Bit(true).Bit(true) // overscan_appropriate_flag
            .Bit(true).Bits(5, 3).Bit(false).Bit(true).Bits(1, 8).Bits(1, 8).Bits(1, 8) // video signal type, BT.709
            .Bit(true).Ue(1).Ue(2) // chroma sample locations
            .Bit(true).Bits(1001, 32).Bits(120000, 32).Bit(true) // 59.94 fps, fixed
            .Bit(false).Bit(false).Bit(false).Bit(false) // no HRD parameters, pic_struct or restrictions
            .ToNal(0x67);

        Assert.True(H264SequenceParameterSet.TryParse(nal, out var sps));
        Assert.Equal((320, 240), (sps!.Width, sps.Height));
        Assert.Equal(60000.0 / 1001, sps.FramesPerSecond!.Value, precision: 9);
    }

    [Fact]
    public void No_vui_or_no_timing_info_means_no_frame_rate()
    {
        var withoutVui = MainProfile320x240(new BitWriter()).Bit(false).ToNal(0x67);
        var withoutTiming = MainProfile320x240(new BitWriter())
            .Bit(true).Bit(false).Bit(false).Bit(false).Bit(false) // VUI with nothing before the timing info
            .Bit(false) // timing_info_present_flag
            .Bit(false).Bit(false).Bit(false).Bit(false)
            .ToNal(0x67);

        Assert.True(H264SequenceParameterSet.TryParse(withoutVui, out var spsWithoutVui));
        Assert.True(H264SequenceParameterSet.TryParse(withoutTiming, out var spsWithoutTiming));
        Assert.Null(spsWithoutVui!.FramesPerSecond);
        Assert.Null(spsWithoutTiming!.FramesPerSecond);
    }

    [Fact]
    public void A_truncated_vui_keeps_the_size_and_drops_the_rate()
    {
        var nal = H264Samples.Sps320x240High25Fps.AsSpan(0, 16);

        Assert.True(H264SequenceParameterSet.TryParse(nal, out var sps));
        Assert.Equal((320, 240), (sps!.Width, sps.Height));
        Assert.Null(sps.FramesPerSecond);
    }

    [Fact]
    public void Parses_scaling_lists_poc_type_1_and_field_cropping()
    {
        var nal = new BitWriter()
            .Bits(100, 8).Bits(0, 8).Bits(40, 8).Ue(0) // high profile, level 4.0, sps id
            .Ue(1).Ue(0).Ue(0).Bit(false) // 4:2:0, 8-bit, no transform bypass
            .Bit(true) // seq_scaling_matrix_present_flag
            .Bit(true).Se(2).Se(-1).Se(3).Se(-4).Se(0).Se(1).Se(1).Se(1).Se(1).Se(1).Se(1).Se(1).Se(1).Se(1).Se(1).Se(1) // full 4x4 list
            .Bit(false).Bit(false).Bit(false).Bit(false).Bit(false)
            .Bit(true).Se(-8) // 8x8 list: nextScale 0 = use the default list
            .Bit(false)
            .Ue(0) // log2_max_frame_num_minus4
            .Ue(1).Bit(false).Se(-2).Se(1).Ue(2).Se(3).Se(-3) // pic_order_cnt_type 1
            .Ue(4).Bit(false) // max_num_ref_frames, gaps
            .Ue(39).Ue(14) // 40 x 15 macroblocks, map units are fields
            .Bit(false).Bit(true).Bit(true) // frame_mbs_only 0, mbaff, direct_8x8
            .Bit(true).Ue(0).Ue(0).Ue(0).Ue(4) // crop 4 units of 4 lines from the bottom
            .Bit(false) // no VUI
            .ToNal(0x67);

        Assert.True(H264SequenceParameterSet.TryParse(nal, out var sps));
        Assert.Equal((640, 464), (sps!.Width, sps.Height));
    }

    [Fact]
    public void Monochrome_crops_in_luma_samples()
    {
        var nal = new BitWriter()
            .Bits(100, 8).Bits(0, 8).Bits(30, 8).Ue(0)
            .Ue(0).Ue(0).Ue(0).Bit(false).Bit(false) // chroma_format_idc 0, no scaling matrix
            .Ue(0).Ue(2) // log2_max_frame_num, pic_order_cnt_type 2
            .Ue(1).Bit(false).Ue(9).Ue(8).Bit(true).Bit(true)
            .Bit(true).Ue(0).Ue(3).Ue(1).Ue(0)
            .Bit(false)
            .ToNal(0x67);

        Assert.True(H264SequenceParameterSet.TryParse(nal, out var sps));
        Assert.Equal((157, 143), (sps!.Width, sps.Height));
    }

    [Fact]
    public void Rejects_other_nal_types_and_truncated_input()
    {
        Assert.False(H264SequenceParameterSet.TryParse(H264Samples.Pps1280x720Main, out _));
        Assert.False(H264SequenceParameterSet.TryParse([], out _));
        const int LengthThroughPictureSize = 9; // from here on the bits left happen to spell a valid (cropped) size
        for (var length = 0; length < LengthThroughPictureSize; length++)
        {
            Assert.False(H264SequenceParameterSet.TryParse(H264Samples.Sps1280x720Main.AsSpan(0, length), out var sps), $"length {length}");
            Assert.Null(sps);
        }
    }

    /// <summary>
    /// Random bytes and mutated real SPSs: TryParse answers false with no SPS, or true with one
    /// whose profile and level are the NAL unit's bytes 1 to 3 and whose size and rate lie within
    /// what the syntax allows; it never throws. Enough of the mutants parse for that to be tested.
    /// </summary>
    [Fact]
    public void Random_and_mutated_input_parses_consistently_or_is_refused()
    {
        var random = new Random(1234);
        byte[][] corpus = [.. RealEncoderSamples.Select(sample => sample.Data.Item1)];
        var parsed = 0;
        for (var i = 0; i < 5000; i++)
        {
            var nal = i % 2 == 0 ? RandomSps(random) : Mutated(random, corpus[random.Next(corpus.Length)]);

            if (!H264SequenceParameterSet.TryParse(nal, out var sps))
            {
                Assert.Null(sps);
                continue;
            }

            parsed++;
            Assert.Equal(Convert.ToHexString(nal, 1, 3), sps!.ProfileLevelId);
            Assert.InRange(sps.Width, 1, 1055 * 16);
            Assert.InRange(sps.Height, 1, 1055 * 16 * 2);
            Assert.True(sps.FramesPerSecond is null or > 0 and < double.PositiveInfinity, $"frame rate {sps.FramesPerSecond}");
        }

        Assert.True(parsed > 500, $"only {parsed} of 5000 inputs parsed");
    }

    private static byte[] RandomSps(Random random)
    {
        var nal = new byte[random.Next(1, 40)];
        random.NextBytes(nal);
        nal[0] = 0x67;
        return nal;
    }

    /// <summary>A real SPS with a few bytes after its header changed, or cut short.</summary>
    private static byte[] Mutated(Random random, byte[] sps)
    {
        var nal = (byte[])sps.Clone();
        for (var m = random.Next(1, 4); m > 0; m--)
        {
            nal[random.Next(1, nal.Length)] = (byte)random.Next(256);
        }

        return random.Next(4) == 0 ? nal[..random.Next(1, nal.Length)] : nal;
    }

    /// <summary>A main profile SPS of 320x240 (20 x 15 macroblocks), up to vui_parameters_present_flag.</summary>
    private static BitWriter MainProfile320x240(BitWriter writer) => writer
        .Bits(77, 8).Bits(0, 8).Bits(30, 8).Ue(0) // main profile, level 3.0, sps id
        .Ue(0).Ue(0).Ue(0) // log2_max_frame_num_minus4, pic_order_cnt_type 0, log2_max_pic_order_cnt_lsb_minus4
        .Ue(1).Bit(false) // max_num_ref_frames, gaps
        .Ue(19).Ue(14).Bit(true).Bit(true) // 20 x 15 macroblocks, frame_mbs_only, direct_8x8
        .Bit(false); // no cropping
}
