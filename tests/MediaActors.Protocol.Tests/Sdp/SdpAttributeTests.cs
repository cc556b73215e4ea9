using MediaActors.Protocol.Sdp;

namespace MediaActors.Protocol.Tests.Sdp;

public sealed class SdpAttributeTests
{
    [Theory]
    [InlineData("H264/90000", "H264", 90000, null)]
    [InlineData(" MPEG4-GENERIC/48000/2 ", "MPEG4-GENERIC", 48000, 2)]
    public void Reads_an_rtpmap(string text, string name, int clockRate, int? channels)
    {
        Assert.True(SdpRtpMap.TryParse(text, out var rtpMap));

        Assert.Equal(new SdpRtpMap(name, clockRate, channels), rtpMap);
        Assert.Equal(text.Trim(), rtpMap.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("H264")]
    [InlineData("/90000")]
    [InlineData("H264/0")]
    [InlineData("H264/-1")]
    [InlineData("PCMU/8000/x")]
    [InlineData("PCMU/8000/1/2")]
    public void Rejects_a_malformed_rtpmap(string text)
    {
        Assert.False(SdpRtpMap.TryParse(text, out _));
    }

    [Fact]
    public void Reads_format_parameters_as_servers_space_them()
    {
        var parameters = SdpFormatParameters.Parse(" Mode=AAC-hbr; sizelength = 13;;flag; mode=other");

        Assert.Equal("AAC-hbr", parameters["mode"]);
        Assert.Equal(string.Empty, parameters["flag"]);
        Assert.Null(parameters["config"]);
        Assert.True(parameters.IsAbsentOr("sizelength", 13));
        Assert.True(parameters.IsAbsentOr("indexlength", 3));
        Assert.False(parameters.IsAbsentOr("mode", 0));
    }
}
