namespace MediaActors.Protocol.Rtcp;

/// <summary>
/// A 64-bit NTP timestamp (RFC 5905): seconds since 1900-01-01 UTC in the upper 32 bits and the
/// binary fraction of a second in the lower 32. Sender reports carry it so that a player can line
/// up the RTP clocks of several tracks against one wall clock.
/// </summary>
/// <remarks>
/// The seconds field wraps on 2036-02-07. Like RFC 4330 section 3, a value whose top bit is clear
/// is read as the era after the wrap (2036 to 2104), so conversions stay correct past 2036.
/// </remarks>
/// <param name="Value">The timestamp as it goes on the wire, big-endian.</param>
public readonly record struct NtpTimestamp(ulong Value)
{
    /// <summary>Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01).</summary>
    private const long UnixEpochSeconds = 2_208_988_800;

    private const long MicrosPerSecond = 1_000_000;

    /// <summary>Seconds from the NTP epoch to the Unix epoch, in the era after the 2036 wrap.</summary>
    private const long SecondsPerEra = 1L << 32;

    /// <summary>Era 0 covers 1968 to 2036 through the top bit of the seconds field; below it the value is from era 1.</summary>
    private const uint Era0Threshold = 0x8000_0000;

    private static readonly DateTime UnixEpoch = DateTime.UnixEpoch;

    /// <summary>Whole seconds since the NTP epoch, modulo 2^32.</summary>
    public uint Seconds => (uint)(Value >> 32);

    /// <summary>The fraction of a second in units of 2^-32 s.</summary>
    public uint Fraction => (uint)Value;

    /// <summary>
    /// The middle 32 bits (16 bits of seconds, 16 of fraction): the compact form receivers echo as
    /// LSR in their report blocks (RFC 3550 section 6.4.1) and DLSR counts in (units of 1/65536 s).
    /// </summary>
    public uint Middle32Bits => (uint)(Value >> 16);

    /// <summary>The NTP timestamp of a wall-clock instant given in microseconds since the Unix epoch.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unixMicroseconds"/> is negative.</exception>
    public static NtpTimestamp FromUnixMicroseconds(long unixMicroseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unixMicroseconds);
        var seconds = (unixMicroseconds / MicrosPerSecond) + UnixEpochSeconds;
        var micros = unixMicroseconds % MicrosPerSecond;
        // Round to the nearest 2^-32 s so that converting back returns the same microsecond.
        var fraction = (ulong)(((micros << 32) + (MicrosPerSecond / 2)) / MicrosPerSecond);
        return new NtpTimestamp(((ulong)(uint)seconds << 32) + fraction);
    }

    /// <summary>The NTP timestamp of <paramref name="time"/>; a local time is converted to UTC, an unspecified one taken as UTC.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is before the Unix epoch.</exception>
    public static NtpTimestamp FromDateTime(DateTime time)
    {
        var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        var ticks = utc.Ticks - UnixEpoch.Ticks;
        ArgumentOutOfRangeException.ThrowIfNegative(ticks, nameof(time));
        return FromUnixMicroseconds(ticks / TimeSpan.TicksPerMicrosecond);
    }

    /// <summary>Microseconds since the Unix epoch, rounded to the nearest microsecond; for instants from 1968 to 2104.</summary>
    public long ToUnixMicroseconds()
    {
        var seconds = Seconds < Era0Threshold ? Seconds + SecondsPerEra : Seconds;
        var micros = (long)((((ulong)Fraction * MicrosPerSecond) + (1UL << 31)) >> 32);
        return ((seconds - UnixEpochSeconds) * MicrosPerSecond) + micros;
    }

    /// <summary>The UTC instant of this timestamp, to the microsecond.</summary>
    public DateTime ToDateTime() => UnixEpoch.AddTicks(ToUnixMicroseconds() * TimeSpan.TicksPerMicrosecond);
}
