namespace MediaActors.Hardware.Audio;

/// <summary>
/// A 440 Hz sine at -12 dBFS, replaced by a 1 kHz beep for the first 100 ms of every second, so a listener
/// can line the beep up against the video's frame counter to check lip sync. Every channel carries the same tone.
/// </summary>
/// <remarks>
/// Each sample depends only on its absolute index, so any stretch can be re-generated exactly. The phase
/// is reduced with integer arithmetic (frequency × index mod rate) before the sine, so it stays exact
/// however long the stream runs instead of losing precision as the index grows.
/// </remarks>
internal sealed class ToneGenerator(AudioFormat format)
{
    public const int ToneHertz = 440;
    public const int BeepHertz = 1000;
    public const int BeepsPerSecond = 1;

    // -12 dBFS leaves headroom for a lossy codec's overshoot and is comfortable to listen to.
    public static readonly short Amplitude = (short)Math.Round(short.MaxValue * Math.Pow(10, -12 / 20.0));

    // 100 ms is long enough to hear and short enough to place to within a video frame.
    private readonly long beepSamples = format.SampleRate / 10;

    /// <summary>Fills <paramref name="interleaved"/> with whole sample frames (one sample per channel) starting at <paramref name="firstSampleIndex"/>.</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of the channel count.</exception>
    public void Fill(Span<short> interleaved, long firstSampleIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstSampleIndex);
        if (interleaved.Length % format.Channels != 0)
        {
            throw new ArgumentException(
                $"interleaved holds {interleaved.Length} samples, not a whole number of {format.Channels}-channel sample frames.",
                nameof(interleaved));
        }

        for (var frame = 0; frame < interleaved.Length / format.Channels; frame++)
        {
            var sample = SampleAt(firstSampleIndex + frame);
            interleaved.Slice(frame * format.Channels, format.Channels).Fill(sample);
        }
    }

    /// <summary>The sample at absolute index <paramref name="sampleIndex"/> (per channel).</summary>
    public short SampleAt(long sampleIndex)
    {
        var rate = format.SampleRate;
        var hertz = sampleIndex % rate < beepSamples ? BeepHertz : ToneHertz;
        var phase = hertz * (sampleIndex % rate) % rate;
        return (short)Math.Round(Amplitude * Math.Sin(2 * Math.PI * phase / rate));
    }
}
