namespace MediaActors.Protocol.Timing;

/// <summary>Conversion from presentation time to RTP timestamps.</summary>
public static class RtpClock
{
    private const long MicrosPerSecond = 1_000_000;

    /// <summary>
    /// The RTP timestamp of <paramref name="micros"/> at <paramref name="clockRate"/> Hz, plus
    /// the stream's random offset (RFC 3550 5.1), modulo 2^32. The product is computed in 128
    /// bits: at 90 kHz a 64-bit product would overflow after ~3 years of microseconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="micros"/> is negative or <paramref name="clockRate"/> is not positive.</exception>
    public static uint ToRtpTimestamp(long micros, int clockRate, uint randomOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(micros);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        var ticks = (Int128)micros * clockRate / MicrosPerSecond;
        return unchecked((uint)ticks + randomOffset);
    }
}
