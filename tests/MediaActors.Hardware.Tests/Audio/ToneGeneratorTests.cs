using MediaActors.Hardware.Audio;

namespace MediaActors.Hardware.Tests.Audio;

public sealed class ToneGeneratorTests
{
    private static readonly AudioFormat Mono8k = new();

    [Fact]
    public void TheSameIndexAlwaysGivesTheSameSamples()
    {
        var first = new short[1000];
        var second = new short[1000];

        new ToneGenerator(Mono8k).Fill(first, 123_456_789);
        new ToneGenerator(Mono8k).Fill(second, 123_456_789);

        Assert.Equal(first, second);
        Assert.Contains(first, sample => sample != 0);
    }

    [Fact]
    public void ChunksJoinSeamlessly()
    {
        var generator = new ToneGenerator(Mono8k);
        var whole = new short[320];
        var halves = new short[320];

        generator.Fill(whole, 7_000);
        generator.Fill(halves.AsSpan(0, 160), 7_000);
        generator.Fill(halves.AsSpan(160), 7_160);

        Assert.Equal(whole, halves);
    }

    [Fact]
    public void StaysAtMinusTwelveDbfsAndBeepsAtTheStartOfEachSecond()
    {
        var generator = new ToneGenerator(Mono8k);
        var second = new short[Mono8k.SampleRate];
        generator.Fill(second, 5L * Mono8k.SampleRate);

        Assert.Equal(ToneGenerator.Amplitude, second.Max());
        Assert.Equal(8231, ToneGenerator.Amplitude);
        // Zero crossings per 100 ms: twice the frequency divided by ten.
        Assert.InRange(ZeroCrossings(second.AsSpan(0, 800)), 199, 201);
        Assert.InRange(ZeroCrossings(second.AsSpan(800, 800)), 87, 89);
    }

    [Fact]
    public void StereoCarriesTheToneOnBothChannels()
    {
        var stereo = new short[200];
        var mono = new short[100];

        new ToneGenerator(new AudioFormat(8000, 2)).Fill(stereo, 42);
        new ToneGenerator(Mono8k).Fill(mono, 42);

        Assert.Equal(mono, stereo.Where((_, i) => i % 2 == 0));
        Assert.Equal(mono, stereo.Where((_, i) => i % 2 == 1));
        Assert.Throws<ArgumentException>(() => new ToneGenerator(new AudioFormat(8000, 2)).Fill(new short[3], 0));
    }

    private static int ZeroCrossings(ReadOnlySpan<short> samples)
    {
        var crossings = 0;
        for (var i = 1; i < samples.Length; i++)
        {
            if ((samples[i - 1] < 0) != (samples[i] < 0))
            {
                crossings++;
            }
        }

        return crossings;
    }
}
