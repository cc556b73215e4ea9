namespace MediaActors.Protocol.Codecs.Aac;

/// <summary>
/// The sampling frequency index table of ISO/IEC 14496-3 1.6.3.4, shared by the
/// AudioSpecificConfig and the ADTS header.
/// </summary>
internal static class AacSamplingFrequency
{
    /// <summary>The index that says an explicit 24-bit frequency follows (AudioSpecificConfig only; ADTS has no room for it).</summary>
    public const int ExplicitIndex = 15;

    /// <summary>Indexes 13 and 14 are reserved.</summary>
    public const int TableLength = 13;

    /// <summary>The explicit frequency field is 24 bits.</summary>
    public const int MaxExplicitFrequency = 0xFF_FFFF;

    private static ReadOnlySpan<int> Table => [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>The frequency of a table index (0..12).</summary>
    public static int FromIndex(int index) => Table[index];

    /// <summary>The table index of <paramref name="frequency"/>, or <see cref="ExplicitIndex"/> when the table lacks it.</summary>
    public static int ToIndex(int frequency)
    {
        var index = Table.IndexOf(frequency);
        return index < 0 ? ExplicitIndex : index;
    }
}
