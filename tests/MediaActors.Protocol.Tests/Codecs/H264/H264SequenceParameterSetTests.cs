using MediaActors.Protocol.Codecs.H264;

namespace MediaActors.Protocol.Tests.Codecs.H264;

public sealed class H264SequenceParameterSetTests
{
    public static TheoryData<byte[], int, int, string> RealEncoderSamples => new()
    {
        { H264Samples.Sps1280x720Main, 1280, 720, "4D401F" },
        { H264Samples.Sps1920x1080High, 1920, 1080, "640028" },
        { H264Samples.Sps1920x1080Baseline, 1920, 1080, "42C028" },
        { H264Samples.Sps352x288High444, 352, 288, "F4000D" },
        { H264Samples.Sps1280x720High10, 1280, 720, "6E001F" },
        { H264Samples.Sps1920x1080Interlaced, 1920, 1080, "640028" },
    };

    [Theory]
    [MemberData(nameof(RealEncoderSamples))]
    public void Parses_size_and_profile_of_real_encoder_output(byte[] nal, int width, int height, string profileLevelId)
    {
        Assert.True(H264SequenceParameterSet.TryParse(nal, out var sps));

        Assert.Equal((width, height), (sps!.Width, sps.Height));
        Assert.Equal(profileLevelId, sps.ProfileLevelId);
    }

    [Fact]
    public void Main_profile_fields_are_exposed()
    {
        H264SequenceParameterSet.TryParse(H264Samples.Sps1280x720Main, out var sps);

        Assert.Equal(new H264SequenceParameterSet(77, 0x40, 31, 1280, 720), sps);
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
        for (int length = 0; length < LengthThroughPictureSize; length++)
        {
            Assert.False(H264SequenceParameterSet.TryParse(H264Samples.Sps1280x720Main.AsSpan(0, length), out var sps), $"length {length}");
            Assert.Null(sps);
        }
    }

    [Fact]
    public void Never_throws_on_random_input()
    {
        var random = new Random(1234);
        for (int i = 0; i < 5000; i++)
        {
            var nal = new byte[random.Next(1, 40)];
            random.NextBytes(nal);
            nal[0] = 0x67;
            H264SequenceParameterSet.TryParse(nal, out _);
        }
    }
}
