namespace MediaActors.Hardware;

/// <summary>Rate and channel count of the raw PCM an audio source captures.</summary>
/// <param name="SampleRate">Samples per second per channel, 8000..48000; 8000 is what G.711 over RTP assumes.</param>
/// <param name="Channels">1 (mono) or 2 (stereo, interleaved).</param>
public sealed record AudioFormat(int SampleRate = 8000, int Channels = 1)
{
    /// <summary>Lowest accepted rate: telephone band, what the K230 server streams.</summary>
    public const int MinSampleRate = 8000;

    /// <summary>Highest accepted rate; the board's audio codec tops out here.</summary>
    public const int MaxSampleRate = 48000;

    /// <summary>Highest accepted channel count.</summary>
    public const int MaxChannels = 2;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field that is out of range.</summary>
    /// <returns>This instance, so a constructor can validate and store in one expression.</returns>
    public AudioFormat Validate()
    {
        if (SampleRate is < MinSampleRate or > MaxSampleRate)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate,
                $"{nameof(SampleRate)} must be between {MinSampleRate} and {MaxSampleRate}.");
        }

        if (Channels is < 1 or > MaxChannels)
        {
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels,
                $"{nameof(Channels)} must be between 1 and {MaxChannels}.");
        }

        return this;
    }
}
