using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware.Tests;

public sealed class EncoderSettingsTests
{
    private static readonly VideoFormat Format = new(320, 240, 30);

    [Fact]
    public void DefaultsAreValid()
    {
        var settings = new EncoderSettings(Format);

        Assert.Same(settings, settings.Validate());
        Assert.Equal(Codec.H264, settings.Codec);
    }

    [Theory]
    [InlineData(49, 30, "BitrateKbps")]
    [InlineData(100_001, 30, "BitrateKbps")]
    [InlineData(2000, 0, "GopFrames")]
    [InlineData(2000, 1001, "GopFrames")]
    public void RejectsOutOfRangeFieldsByName(int bitrateKbps, int gopFrames, string field)
    {
        var settings = new EncoderSettings(Format, BitrateKbps: bitrateKbps, GopFrames: gopFrames);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => settings.Validate());

        Assert.Equal(field, error.ParamName);
    }

    [Theory]
    [InlineData(Codec.Aac)]
    [InlineData(Codec.Pcmu)]
    [InlineData((Codec)99)]
    public void RejectsACodecThatIsNotVideo(Codec codec)
    {
        var settings = new EncoderSettings(Format, codec);

        Assert.Equal("Codec", Assert.Throws<ArgumentOutOfRangeException>(() => settings.Validate()).ParamName);
    }

    [Fact]
    public void ValidatesTheFormatToo()
    {
        var settings = new EncoderSettings(new VideoFormat(321, 240, 30));

        Assert.Equal("Width", Assert.Throws<ArgumentOutOfRangeException>(() => settings.Validate()).ParamName);
    }

    [Fact]
    public void EncoderRejectsInvalidSettingsAtConstruction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FfmpegVideoEncoder(new EncoderSettings(Format, GopFrames: 0)));
    }
}
