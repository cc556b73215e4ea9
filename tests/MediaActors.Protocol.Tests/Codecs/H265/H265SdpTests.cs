using MediaActors.Protocol.Codecs.H265;

namespace MediaActors.Protocol.Tests.Codecs.H265;

public sealed class H265SdpTests
{
    [Fact]
    public void Formats_parameter_sets_profile_tier_and_level()
    {
        var fmtp = H265Sdp.FormatParameters(H265Samples.Vps1280x720Main, H265Samples.Sps1280x720Main, H265Samples.Pps1280x720Main);

        Assert.Equal(
            "sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwBdlZgJ;sprop-sps=QgEBAWAAAAMAkAAAAwAAAwBdoAKAgC0WWVmkkyvAWgIAAAMAAgAAAwA8EA==;" +
            "sprop-pps=RAHBcrRiQA==;profile-id=1;tier-flag=0;level-id=93",
            fmtp);
    }

    [Fact]
    public void Writes_high_tier_and_a_non_zero_profile_space()
    {
        byte[] sps = [.. H265Samples.Sps1280x720Main];
        sps[3] = 0b01_1_00010; // profile space 1, High tier, profile 2

        var fmtp = H265Sdp.FormatParameters(H265Samples.Vps1280x720Main, sps, H265Samples.Pps1280x720Main);

        Assert.EndsWith(";profile-space=1;profile-id=2;tier-flag=1;level-id=93", fmtp);
    }

    [Fact]
    public void Rejects_missing_parameter_sets()
    {
        var vps = H265Samples.Vps1280x720Main;
        var sps = H265Samples.Sps1280x720Main;
        var pps = H265Samples.Pps1280x720Main;

        Assert.Throws<ArgumentException>("vps", () => H265Sdp.FormatParameters([], sps, pps));
        Assert.Throws<ArgumentException>("sps", () => H265Sdp.FormatParameters(vps, sps.AsSpan(0, 10), pps));
        Assert.Throws<ArgumentException>("sps", () => H265Sdp.FormatParameters(vps, pps, pps));
        Assert.Throws<ArgumentException>("pps", () => H265Sdp.FormatParameters(vps, sps, []));
    }
}
