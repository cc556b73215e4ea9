using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Tests.Formats;

public sealed class AacFormatTests
{
    [Fact]
    public void Formats_aac_hbr_parameters_with_the_config()
    {
        var fmtp = CodecFormat.Aac.FormatParameters(new AudioSpecificConfig(2, 16000, 1));

        Assert.Equal("streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1408", fmtp);
    }

    [Theory]
    [InlineData(8000, 1, "MPEG4-GENERIC/8000/1")]
    [InlineData(48000, 2, "MPEG4-GENERIC/48000/2")]
    [InlineData(48000, 7, "MPEG4-GENERIC/48000/8")]
    public void Rtpmap_states_the_sampling_rate_and_channel_count(int frequency, int channels, string rtpMap)
    {
        var config = new AudioSpecificConfig(2, frequency, channels);

        Assert.Equal(rtpMap, CodecFormat.Aac.RtpMap(config));
        Assert.Equal(frequency, CodecFormat.Aac.ClockRate(config));
    }

    [Fact]
    public void Rtpmap_needs_a_channel_count()
    {
        Assert.Throws<ArgumentException>(() => CodecFormat.Aac.RtpMap(new AudioSpecificConfig(2, 48000, 0)));
    }

    [Fact]
    public void Is_dynamic_payload_type_97_with_1024_sample_access_units()
    {
        Assert.Equal(("audio", "MPEG4-GENERIC", 97, 1024), (CodecFormat.Aac.MediaType, CodecFormat.Aac.EncodingName, (int)CodecFormat.Aac.PayloadType, AacFormat.SamplesPerAccessUnit));
    }
}
