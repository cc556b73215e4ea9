using MediaActors.Protocol.Codecs.H264;

namespace MediaActors.Protocol.Tests.Codecs.H264;

public sealed class H264SdpTests
{
    [Fact]
    public void Formats_packetization_mode_profile_and_parameter_sets()
    {
        var fmtp = H264Sdp.FormatParameters(96, H264Samples.Sps1280x720Main, H264Samples.Pps1280x720Main);

        Assert.Equal(
            "packetization-mode=1;profile-level-id=4D401F;sprop-parameter-sets=Z01AH+ygKALdgIgAAAMACAAAAwHgeMGMsA==,aOvjyyA=",
            fmtp);
    }

    [Fact]
    public void Rejects_static_payload_types_and_missing_parameter_sets()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => H264Sdp.FormatParameters(26, H264Samples.Sps1280x720Main, H264Samples.Pps1280x720Main));
        Assert.Throws<ArgumentException>(() => H264Sdp.FormatParameters(96, [0x67, 0x4D], H264Samples.Pps1280x720Main));
        Assert.Throws<ArgumentException>(() => H264Sdp.FormatParameters(96, H264Samples.Sps1280x720Main, []));
    }
}
