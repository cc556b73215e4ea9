using System.Diagnostics.CodeAnalysis;

namespace MediaActors.Protocol.Codecs.Aac;

/// <summary>
/// The AudioSpecificConfig of ISO/IEC 14496-3 1.6.2.1 for the AAC object types (Main, LC, SSR,
/// LTP): what a decoder needs before the first access unit, sent in the SDP as the RFC 3640
/// "config" parameter because raw AAC access units carry no header.
/// </summary>
/// <remarks>
/// Only the GA form with 1024-sample frames and no core coder is modelled, which is what AAC
/// encoders (FFmpeg's, the K230's, anything behind ADTS) produce. <see cref="TryParse"/> rejects
/// other object types and 960-sample frames rather than describe them wrongly, and does not keep
/// trailing extensions (such as backward-compatible SBR signalling).
/// </remarks>
public sealed record AudioSpecificConfig
{
    /// <summary>AAC Main.</summary>
    public const int AacMain = 1;

    /// <summary>AAC LC (low complexity), by far the most common: FFmpeg's aac encoder, most hardware.</summary>
    public const int AacLowComplexity = 2;

    /// <summary>AAC LTP, the highest object type modelled here (AAC SSR is 3).</summary>
    public const int AacLongTermPrediction = 4;

    /// <summary>Channel configuration 7 is 7.1: eight channels.</summary>
    private const int SevenPointOneConfiguration = 7;
    private const int SevenPointOneChannels = 8;

    private const int ObjectTypeBits = 5;
    private const int IndexBits = 4;
    private const int ExplicitFrequencyBits = 24;
    private const int ChannelBits = 4;

    /// <summary>GASpecificConfig: frameLengthFlag, dependsOnCoreCoder, extensionFlag.</summary>
    private const int GaSpecificBits = 3;

    /// <summary>Creates a config.</summary>
    /// <param name="objectType">The audio object type, 1 to 4; <see cref="AacLowComplexity"/> for AAC-LC.</param>
    /// <param name="samplingFrequency">Samples per second per channel, e.g. 48000; frequencies outside the standard table are written explicitly.</param>
    /// <param name="channelConfiguration">1 mono, 2 stereo, ... 7 for 7.1; 0 when a program config element in the stream defines the channels.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public AudioSpecificConfig(int objectType, int samplingFrequency, int channelConfiguration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(objectType, AacMain);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(objectType, AacLongTermPrediction);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplingFrequency);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samplingFrequency, AacSamplingFrequency.MaxExplicitFrequency);
        ArgumentOutOfRangeException.ThrowIfNegative(channelConfiguration);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channelConfiguration, SevenPointOneConfiguration);
        ObjectType = objectType;
        SamplingFrequency = samplingFrequency;
        ChannelConfiguration = channelConfiguration;
    }

    /// <summary>The audio object type (2 = AAC-LC).</summary>
    public int ObjectType { get; }

    /// <summary>Samples per second per channel; also the RTP clock rate.</summary>
    public int SamplingFrequency { get; }

    /// <summary>The channel configuration, 0 to 7.</summary>
    public int ChannelConfiguration { get; }

    /// <summary>The index of <see cref="SamplingFrequency"/> in the standard table, or 15 when it is written explicitly.</summary>
    public int SamplingFrequencyIndex => AacSamplingFrequency.ToIndex(SamplingFrequency);

    /// <summary>The number of channels: the configuration number, except 8 for configuration 7 (7.1); 0 when a PCE defines them.</summary>
    public int ChannelCount => ChannelConfiguration == SevenPointOneConfiguration ? SevenPointOneChannels : ChannelConfiguration;

    /// <summary>The config bytes: 2, or 5 with an explicit frequency.</summary>
    public byte[] ToBytes()
    {
        var index = SamplingFrequencyIndex;
        var bits = (ulong)ObjectType;
        var count = ObjectTypeBits;
        Append(ref bits, ref count, (uint)index, IndexBits);
        if (index == AacSamplingFrequency.ExplicitIndex)
        {
            Append(ref bits, ref count, (uint)SamplingFrequency, ExplicitFrequencyBits);
        }

        Append(ref bits, ref count, (uint)ChannelConfiguration, ChannelBits);
        Append(ref bits, ref count, 0, GaSpecificBits); // 1024-sample frames, no core coder, no extension

        // 16 or 40 bits: whole bytes, no byte-alignment padding needed.
        var bytes = new byte[count / 8];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(bits >> (count - (8 * (i + 1))));
        }

        return bytes;
    }

    /// <summary>The config in uppercase hex, as the fmtp "config=" parameter wants it, e.g. "1210" for AAC-LC 44.1 kHz stereo.</summary>
    public string ToHexString() => Convert.ToHexString(ToBytes());

    /// <summary>
    /// Parses a config; false (never throws) when it is truncated, uses a reserved value, or is
    /// not a plain AAC object type with 1024-sample frames.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, [NotNullWhen(true)] out AudioSpecificConfig? config)
    {
        config = null;
        try
        {
            var reader = new BitReader(data);
            var objectType = (int)reader.ReadBits(ObjectTypeBits);
            var index = (int)reader.ReadBits(IndexBits);
            int frequency;
            if (index == AacSamplingFrequency.ExplicitIndex)
            {
                frequency = (int)reader.ReadBits(ExplicitFrequencyBits);
            }
            else if (index < AacSamplingFrequency.TableLength)
            {
                frequency = AacSamplingFrequency.FromIndex(index);
            }
            else
            {
                return false;
            }

            var channelConfiguration = (int)reader.ReadBits(ChannelBits);
            var frameLength960 = reader.ReadBit();
            var dependsOnCoreCoder = reader.ReadBit();
            if (objectType is < AacMain or > AacLongTermPrediction
                || frequency == 0
                || channelConfiguration > SevenPointOneConfiguration
                || frameLength960
                || dependsOnCoreCoder)
            {
                return false;
            }

            config = new AudioSpecificConfig(objectType, frequency, channelConfiguration);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static void Append(ref ulong bits, ref int count, uint value, int width)
    {
        bits = (bits << width) | (value & ((1u << width) - 1));
        count += width;
    }
}
