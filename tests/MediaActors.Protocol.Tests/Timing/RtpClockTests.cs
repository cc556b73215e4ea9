using System.Numerics;
using MediaActors.Protocol.Timing;

namespace MediaActors.Protocol.Tests.Timing;

public sealed class RtpClockTests
{
    [Theory]
    [InlineData(0L, 90000, 0u, 0u)]
    [InlineData(1_000_000L, 90000, 0u, 90000u)]
    [InlineData(33_333L, 90000, 10u, 2999u + 10u)]
    [InlineData(1_000_000L, 8000, uint.MaxValue, 7999u)]
    public void Converts_microseconds_to_rtp_ticks_plus_offset(long micros, int clockRate, uint offset, uint expected)
    {
        Assert.Equal(expected, RtpClock.ToRtpTimestamp(micros, clockRate, offset));
    }

    [Fact]
    public void Wraps_modulo_2_pow_32_without_overflow_for_long_running_streams()
    {
        var micros = long.MaxValue / 2; // ~146,000 years

        var expected = (uint)((new BigInteger(micros) * 90000 / 1_000_000 + 12345) % (BigInteger.One << 32));

        Assert.Equal(expected, RtpClock.ToRtpTimestamp(micros, 90000, 12345));
    }

    [Fact]
    public void Rejects_negative_time_and_non_positive_clock_rates()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RtpClock.ToRtpTimestamp(-1, 90000, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RtpClock.ToRtpTimestamp(0, 0, 0));
    }
}
