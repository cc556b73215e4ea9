namespace MediaActors.Hardware.Tests;

public sealed class VideoFormatTests
{
    [Fact]
    public void Nv12FrameIsOneAndAHalfBytesPerPixel()
    {
        Assert.Equal(1280 * 720 * 3 / 2, new VideoFormat(1280, 720, 30).FrameSizeBytes);
    }

    [Theory]
    [InlineData(16, 16, 1)]
    [InlineData(1280, 720, 30)]
    [InlineData(8192, 8192, 240)]
    public void AcceptsTheInclusiveRange(int width, int height, int framesPerSecond)
    {
        var format = new VideoFormat(width, height, framesPerSecond);

        Assert.Same(format, format.Validate());
    }

    [Theory]
    [InlineData(14, 720, 30, "Width")]
    [InlineData(1281, 720, 30, "Width")]
    [InlineData(8194, 720, 30, "Width")]
    [InlineData(1280, 0, 30, "Height")]
    [InlineData(1280, 721, 30, "Height")]
    [InlineData(1280, 720, 0, "FramesPerSecond")]
    [InlineData(1280, 720, 241, "FramesPerSecond")]
    public void RejectsOutOfRangeFieldsByName(int width, int height, int framesPerSecond, string field)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new VideoFormat(width, height, framesPerSecond).Validate());

        Assert.Equal(field, error.ParamName);
        Assert.Contains(field, error.Message);
    }
}
