using MediaActors.Protocol.Codecs.Aac;

namespace MediaActors.Protocol.Tests.Codecs.Aac;

public sealed class AacSdpTests
{
    [Fact]
    public void Formats_aac_hbr_parameters_with_the_config()
    {
        var fmtp = AacSdp.FormatParameters(new AudioSpecificConfig(2, 16000, 1));

        Assert.Equal("streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1408", fmtp);
    }

    [Theory]
    [InlineData(8000, 1, "MPEG4-GENERIC/8000/1")]
    [InlineData(48000, 2, "MPEG4-GENERIC/48000/2")]
    [InlineData(48000, 7, "MPEG4-GENERIC/48000/8")]
    public void Rtpmap_states_the_sampling_rate_and_channel_count(int frequency, int channels, string rtpMap)
    {
        Assert.Equal(rtpMap, AacSdp.RtpMap(new AudioSpecificConfig(2, frequency, channels)));
    }

    [Fact]
    public void Rtpmap_needs_a_channel_count()
    {
        Assert.Throws<ArgumentException>(() => AacSdp.RtpMap(new AudioSpecificConfig(2, 48000, 0)));
    }
}
