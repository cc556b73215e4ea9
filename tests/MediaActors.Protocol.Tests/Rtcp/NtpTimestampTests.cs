using MediaActors.Protocol.Rtcp;

namespace MediaActors.Protocol.Tests.Rtcp;

public sealed class NtpTimestampTests
{
    [Fact]
    public void Counts_seconds_from_1900_and_the_fraction_in_units_of_two_to_the_minus_32()
    {
        // 2024-01-01T00:00:00.5Z: 1704067200 Unix seconds + 2208988800 = 0xE93C7F00.
        var ntp = NtpTimestamp.FromDateTime(new DateTime(2024, 1, 1, 0, 0, 0, 500, DateTimeKind.Utc));

        Assert.Equal(0xE93C7F00_80000000UL, ntp.Value);
        Assert.Equal((0xE93C7F00u, 0x80000000u), (ntp.Seconds, ntp.Fraction));
        Assert.Equal(0x7F00_8000u, ntp.Middle32Bits);
    }

    [Fact]
    public void Unix_microseconds_and_date_times_agree()
    {
        var time = new DateTime(2025, 6, 30, 12, 34, 56, 789, DateTimeKind.Utc).AddMicroseconds(123);
        var unixMicros = (time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

        Assert.Equal(NtpTimestamp.FromDateTime(time), NtpTimestamp.FromUnixMicroseconds(unixMicros));
        Assert.Equal(NtpTimestamp.FromDateTime(time), NtpTimestamp.FromDateTime(time.ToLocalTime()));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(999_999L)]
    [InlineData(1_704_067_200_123_456L)]
    [InlineData(2_085_978_495_999_999L)] // the last microsecond before the 2036 wrap
    [InlineData(2_085_978_496_000_000L)] // the wrap: seconds field 0, era 1
    [InlineData(4_000_000_000_000_001L)] // 2096
    public void Round_trips_every_microsecond_including_across_the_2036_wrap(long unixMicros)
    {
        var ntp = NtpTimestamp.FromUnixMicroseconds(unixMicros);

        Assert.Equal(unixMicros, ntp.ToUnixMicroseconds());
        Assert.Equal(DateTime.UnixEpoch.AddTicks(unixMicros * TimeSpan.TicksPerMicrosecond), ntp.ToDateTime());
    }

    [Fact]
    public void The_seconds_field_wraps_to_zero_in_2036()
    {
        var ntp = NtpTimestamp.FromDateTime(new DateTime(2036, 2, 7, 6, 28, 16, DateTimeKind.Utc));

        Assert.Equal(0UL, ntp.Value);
    }

    [Fact]
    public void Rejects_instants_before_the_unix_epoch()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NtpTimestamp.FromUnixMicroseconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NtpTimestamp.FromDateTime(new DateTime(1969, 12, 31, 0, 0, 0, DateTimeKind.Utc)));
    }
}
