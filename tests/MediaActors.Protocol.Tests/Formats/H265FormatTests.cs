using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Tests.Codecs.H265;

namespace MediaActors.Protocol.Tests.Formats;

public sealed class H265FormatTests
{
    [Fact]
    public void Formats_parameter_sets_profile_tier_and_level()
    {
        const string Expected =
            "sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwBdlZgJ;sprop-sps=QgEBAWAAAAMAkAAAAwAAAwBdoAKAgC0WWVmkkyvAWgIAAAMAAgAAAwA8EA==;" +
            "sprop-pps=RAHBcrRiQA==;profile-id=1;tier-flag=0;level-id=93";

        Assert.Equal(Expected, H265Format.FormatParameters(H265Samples.Vps1280x720Main, H265Samples.Sps1280x720Main, H265Samples.Pps1280x720Main));
        Assert.Equal(Expected, CodecFormat.H265.FormatParameters([H265Samples.Vps1280x720Main, H265Samples.Sps1280x720Main, H265Samples.Pps1280x720Main]));
    }

    [Fact]
    public void Writes_high_tier_and_a_non_zero_profile_space()
    {
        byte[] sps = [.. H265Samples.Sps1280x720Main];
        sps[3] = 0b01_1_00010; // profile space 1, High tier, profile 2

        var fmtp = H265Format.FormatParameters(H265Samples.Vps1280x720Main, sps, H265Samples.Pps1280x720Main);

        Assert.EndsWith(";profile-space=1;profile-id=2;tier-flag=1;level-id=93", fmtp);
    }

    [Fact]
    public void Without_parameter_sets_says_nothing()
    {
        Assert.Equal(string.Empty, CodecFormat.H265.FormatParameters([]));
    }

    [Fact]
    public void Rejects_missing_parameter_sets()
    {
        var vps = H265Samples.Vps1280x720Main;
        var sps = H265Samples.Sps1280x720Main;
        var pps = H265Samples.Pps1280x720Main;

        Assert.Throws<ArgumentException>("vps", () => H265Format.FormatParameters([], sps, pps));
        Assert.Throws<ArgumentException>("sps", () => H265Format.FormatParameters(vps, sps.AsSpan(0, 10), pps));
        Assert.Throws<ArgumentException>("sps", () => H265Format.FormatParameters(vps, pps, pps));
        Assert.Throws<ArgumentException>("pps", () => H265Format.FormatParameters(vps, sps, []));
        Assert.Throws<ArgumentException>("parameterSets", () => CodecFormat.H265.FormatParameters([sps, pps]));
    }

    [Theory]
    [InlineData(16, true)] // BLA_W_LP
    [InlineData(19, true)] // IDR_W_RADL
    [InlineData(21, true)] // CRA
    [InlineData(23, true)] // reserved IRAP
    [InlineData(1, false)] // TRAIL_R
    [InlineData(32, false)] // VPS
    public void Keyframes_are_irap_slices(int type, bool isKeyframe)
    {
        byte[] nal = [(byte)(type << 1), 0x01];

        Assert.Equal(isKeyframe, H265Format.IsKeyframe(nal));
        Assert.Equal(isKeyframe, CodecFormat.H265.IsKeyframe(nal));
    }

    [Fact]
    public void Names_itself_for_sdp_messages_and_files()
    {
        var format = CodecFormat.H265;

        Assert.Equal((Codec.H265, "H.265", "H265", "video", 96, 1, "VPS/SPS/PPS"),
            (format.Codec, format.Name, format.EncodingName, format.MediaType, (int)format.PayloadType, (int)format.WireCode, format.ParameterSetNames));
        Assert.Equal([".h265", ".265", ".hevc"], format.FileExtensions);
    }
}
