namespace MediaActors.Hardware.Audio;

/// <summary>The fields of an ADTS header (ISO/IEC 13818-7 / 14496-3) that framing an AAC stream needs.</summary>
internal static class Adts
{
    /// <summary>Bytes in a header without CRC; one with CRC has two more, both counted in the frame length.</summary>
    public const int HeaderLength = 7;

    /// <summary>PCM samples per channel in one raw data block of AAC-LC.</summary>
    public const int SamplesPerBlock = 1024;

    // The sampling_frequency_index table; AAC cannot carry a rate that is not in it.
    private static readonly int[] SamplingFrequencies =
        [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>The 12-bit sync word 0xFFF that starts every header.</summary>
    public static bool HasSyncWord(ReadOnlySpan<byte> header) => header[0] == 0xFF && (header[1] & 0xF0) == 0xF0;

    /// <summary>The 13-bit frame length, header included.</summary>
    public static int FrameLength(ReadOnlySpan<byte> header) => ((header[3] & 0x03) << 11) | (header[4] << 3) | (header[5] >> 5);

    /// <summary>PCM samples per channel the frame carries: 1024 for each of its raw data blocks.</summary>
    public static int SampleCount(ReadOnlySpan<byte> header) => ((header[6] & 0x03) + 1) * SamplesPerBlock;

    /// <summary>The 4-bit sampling_frequency_index the header carries.</summary>
    public static int SamplingFrequencyIndex(ReadOnlySpan<byte> header) => (header[2] >> 2) & 0x0F;

    /// <summary>The index AAC uses for <paramref name="sampleRate"/>, or -1 when AAC cannot carry that rate.</summary>
    public static int SamplingFrequencyIndexOf(int sampleRate) => Array.IndexOf(SamplingFrequencies, sampleRate);
}
