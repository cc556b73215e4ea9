namespace MediaActors.Hardware.Tests;

public sealed class AudioFormatTests
{
    [Fact]
    public void DefaultsToWhatTheK230Streams()
    {
        Assert.Equal(new AudioFormat(8000, 1), new AudioFormat());
    }

    [Theory]
    [InlineData(8000, 1)]
    [InlineData(44100, 2)]
    [InlineData(48000, 2)]
    public void AcceptsTheInclusiveRange(int sampleRate, int channels)
    {
        var format = new AudioFormat(sampleRate, channels);

        Assert.Same(format, format.Validate());
    }

    [Theory]
    [InlineData(7999, 1, "SampleRate")]
    [InlineData(48001, 1, "SampleRate")]
    [InlineData(8000, 0, "Channels")]
    [InlineData(8000, 3, "Channels")]
    public void RejectsOutOfRangeFieldsByName(int sampleRate, int channels, string field)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AudioFormat(sampleRate, channels).Validate());

        Assert.Equal(field, error.ParamName);
        Assert.Contains(field, error.Message);
    }
}
