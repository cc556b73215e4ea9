using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware;

/// <summary>
/// ITU-T G.711 companding of 16-bit linear PCM into 8-bit µ-law (PCMU) and A-law (PCMA), bit for bit as the
/// ITU's reference code (G.191 Software Tool Library, g711.c): the magnitude is truncated to 14 bits (µ-law)
/// or 13 bits (A-law), then the segment and the four mantissa bits below its leading one are taken.
/// </summary>
/// <remarks>
/// ffmpeg 5.1's pcm_mulaw and pcm_alaw encoders look the sample up in a table whose decision levels sit at
/// the midpoints between decoded levels, rounded to the table's 14-bit grid; there the reference truncates.
/// Measured over all 65536 inputs plus a tone: ffmpeg answers one level apart for 1.7 % (µ-law) and
/// 2.4 % (A-law) of samples, inputs up to an eighth of a step from a decision level, and never more than one
/// level. Both are valid G.711 and decode alike; the tests check this bound against ffmpeg.
/// </remarks>
public static class G711
{
    // µ-law adds this bias (in 14-bit units) so that every segment starts at a power of two.
    private const int MuLawBias = 0x84 >> 2;

    // The largest biased 14-bit magnitude; louder samples clip to the loudest level.
    private const int MuLawMax = 0x1FFF;

    /// <summary>Encodes one sample as µ-law; the byte is already bit-inverted as sent on the wire.</summary>
    public static byte EncodeMuLaw(short sample)
    {
        // One's complement of a negative sample, so -1 is the quietest negative level, as the STL does.
        var magnitude = Math.Min(((sample < 0 ? ~sample : sample) >> 2) + MuLawBias, MuLawMax);
        var segment = Segment(magnitude >> 6);
        var code = (segment << 4) | ((magnitude >> (segment + 1)) & 0x0F);
        return (byte)(code ^ (sample < 0 ? 0x7F : 0xFF));
    }

    /// <summary>Encodes one sample as A-law; the byte already has the even bits inverted as sent on the wire.</summary>
    public static byte EncodeALaw(short sample)
    {
        // One's complement of a negative sample, as for µ-law; 13 bits of magnitude never overflow segment 7.
        var magnitude = (sample < 0 ? ~sample : sample) >> 3;
        var segment = Segment(magnitude >> 5);
        // The first two segments share one step size, so segment 0 is shifted like segment 1.
        var code = (segment << 4) | ((magnitude >> Math.Max(segment, 1)) & 0x0F);
        return (byte)(code ^ (sample < 0 ? 0x55 : 0xD5));
    }

    /// <summary>Encodes <paramref name="samples"/> one byte per sample into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The codec is not G.711, or the destination is shorter than the samples.</exception>
    public static void Encode(Codec codec, ReadOnlySpan<short> samples, Span<byte> destination)
    {
        // Which companding function encodes the codec; what the codec is on the wire is G711Format's.
        Func<short, byte> encode = codec switch
        {
            Codec.Pcmu => EncodeMuLaw,
            Codec.Pcma => EncodeALaw,
            _ => throw new ArgumentException($"{codec} is not a G.711 codec; use {Codec.Pcmu} or {Codec.Pcma}.", nameof(codec)),
        };
        if (destination.Length < samples.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes but {samples.Length} samples need one each.", nameof(destination));
        }

        for (var i = 0; i < samples.Length; i++)
        {
            destination[i] = encode(samples[i]);
        }
    }

    // The segment (0..7) is the bit length of the magnitude with the first segment's bits shifted out.
    private static int Segment(int scaled) => 32 - int.LeadingZeroCount(scaled);
}
