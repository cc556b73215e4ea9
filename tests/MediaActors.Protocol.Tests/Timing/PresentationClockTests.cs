using MediaActors.Protocol.Timing;

namespace MediaActors.Protocol.Tests.Timing;

public sealed class PresentationClockTests
{
    private const double FrameMicros = 1_000_000.0 / 30;
    private const long Start = 5_000_000;

    private readonly PresentationClock _clock = new(PresentationClockOptions.Default);

    /// <summary>Arrival times of a 30 fps source with uniform scheduling jitter of ±<paramref name="jitterMicros"/>.</summary>
    private static long[] JitteredArrivals(int count, int jitterMicros, double frameMicros = FrameMicros, int seed = 1)
    {
        var random = new Random(seed);
        var arrivals = new long[count];
        for (var i = 0; i < count; i++)
        {
            arrivals[i] = Start + (long)(i * frameMicros) + random.Next(-jitterMicros, jitterMicros + 1);
        }

        return arrivals;
    }

    private long[] Run(long[] arrivals, Func<int, ulong> callerTimestamp)
    {
        var outputs = new long[arrivals.Length];
        for (var i = 0; i < arrivals.Length; i++)
        {
            outputs[i] = _clock.Next(callerTimestamp(i), arrivals[i]);
            Assert.True(i == 0 || outputs[i] - outputs[i - 1] >= 1000, $"output {i} did not advance by 1 ms");
        }

        return outputs;
    }

    [Fact]
    public void Constant_caller_timestamp_is_paced_by_dejittered_arrivals()
    {
        var outputs = Run(JitteredArrivals(2000, 5000), _ => 1000);

        Assert.Equal(PresentationClockSource.ArrivalClock, _clock.LastSource);
        for (var i = 500; i < outputs.Length; i++)
        {
            Assert.InRange(outputs[i] - outputs[i - 1], FrameMicros - 1000, FrameMicros + 1000);
        }
    }

    [Theory]
    [InlineData(1.0)] // microseconds
    [InlineData(0.001)] // milliseconds
    [InlineData(0.09)] // 90 kHz ticks
    public void Plausible_caller_clock_is_used_in_its_unit(double ticksPerMicro)
    {
        const double FrameMicros25 = 40_000;
        var outputs = Run(JitteredArrivals(300, 8000, FrameMicros25), i => (ulong)(77 + (i * FrameMicros25 * ticksPerMicro)));

        Assert.Equal(PresentationClockSource.CallerClock, _clock.LastSource);
        for (var i = 1; i < outputs.Length; i++)
        {
            Assert.Equal(40_000, outputs[i] - outputs[i - 1]);
        }
    }

    [Fact]
    public void Zero_timestamps_fall_back_to_arrival_time()
    {
        long[] arrivals = [Start, Start + 33_000, Start + 66_000];

        var outputs = Run(arrivals, _ => 0);

        Assert.Equal([Start, Start + 33_000, Start + 66_000], outputs);
        Assert.Equal(PresentationClockSource.ArrivalClock, _clock.LastSource);
    }

    [Fact]
    public void Backwards_jump_uses_arrival_time_then_the_caller_clock_again()
    {
        var arrivals = JitteredArrivals(20, 0);
        ulong[] callerTimestamps = [.. Enumerable.Range(0, 20).Select(i => (ulong)(10_000_000 + (i * 33_333)))];
        callerTimestamps[10] = 1; // encoder restart
        for (var i = 11; i < callerTimestamps.Length; i++)
        {
            callerTimestamps[i] = 1 + (ulong)((i - 10) * 33_333);
        }

        var outputs = new long[arrivals.Length];
        for (var i = 0; i < arrivals.Length; i++)
        {
            outputs[i] = _clock.Next(callerTimestamps[i], arrivals[i]);
            var expectedSource = i is 0 or 10 ? PresentationClockSource.ArrivalClock : PresentationClockSource.CallerClock;
            Assert.Equal(expectedSource, _clock.LastSource);
        }

        Assert.InRange(outputs[10] - outputs[9], 32_000, 35_000);
        Assert.Equal(33_333, outputs[11] - outputs[10]);
    }

    [Fact]
    public void Big_forward_jump_is_not_passed_on()
    {
        _clock.Next(1_000_000, Start);
        _clock.Next(1_033_333, Start + 33_333);

        var output = _clock.Next(1_033_333 + 3_600_000_000, Start + 66_666);

        Assert.Equal(PresentationClockSource.ArrivalClock, _clock.LastSource);
        Assert.Equal(Start + 66_666, output);
    }

    [Fact]
    public void A_late_picture_and_the_early_one_after_it_stay_paced()
    {
        var arrivals = JitteredArrivals(60, 0);
        arrivals[40] += 25_000; // the capture thread was held up; picture 41 then arrives on time

        var outputs = Run(arrivals, _ => 1000);

        for (var i = 39; i < 45; i++)
        {
            Assert.InRange(outputs[i + 1] - outputs[i], 31_000, 36_000);
        }
    }

    [Fact]
    public void A_trusted_caller_clock_stays_in_use_through_bursty_arrivals()
    {
        // Arrivals alternate 5 ms and 61.7 ms apart (a stalled, then catching-up capture thread)
        // from the very start, before any smoothed interval exists.
        var arrivals = new long[40];
        for (var i = 1; i < arrivals.Length; i++)
        {
            arrivals[i] = arrivals[i - 1] + (i % 2 == 1 ? 61_667 : 5_000);
        }

        var outputs = Run(arrivals.Select(a => a + Start).ToArray(), i => 1_000_000 + ((ulong)i * 33_333));

        for (var i = 1; i < outputs.Length; i++)
        {
            Assert.Equal(33_333, outputs[i] - outputs[i - 1]);
        }
    }

    [Fact]
    public void A_real_gap_is_followed_at_once()
    {
        var arrivals = JitteredArrivals(60, 0);
        for (var i = 40; i < arrivals.Length; i++)
        {
            arrivals[i] += 500_000; // the source paused for half a second
        }

        var outputs = Run(arrivals, _ => 1000);

        Assert.InRange(outputs[40] - outputs[39], 530_000, 536_000);
        Assert.InRange(outputs[41] - outputs[40], 32_000, 35_000);
    }

    [Fact]
    public void Burst_still_advances_by_the_minimum_step()
    {
        _clock.Next(1000, Start);

        Assert.Equal(Start + 1000, _clock.Next(1000, Start));
        Assert.Equal(Start + 2000, _clock.Next(1000, Start));
    }

    [Fact]
    public void Drift_from_arrival_time_stays_bounded_over_ten_thousand_frames()
    {
        // The source runs 0.3% slow against our clock and jitters by ±8 ms.
        var arrivals = JitteredArrivals(10_000, 8000, FrameMicros * 1.003, seed: 3);

        var outputs = Run(arrivals, _ => 1000);

        for (var i = 0; i < outputs.Length; i++)
        {
            Assert.True(Math.Abs(outputs[i] - arrivals[i]) <= 15_000, $"frame {i}: {outputs[i] - arrivals[i]}");
        }
    }

    [Fact]
    public void Rejects_invalid_options()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PresentationClock(new PresentationClockOptions(MinFrameIntervalMicros: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PresentationClock(new PresentationClockOptions(MaxFrameIntervalMicros: 10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PresentationClock(new PresentationClockOptions(MaxCatchUp: 1.0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PresentationClock(new PresentationClockOptions(MaxLeadIntervals: -1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PresentationClock(new PresentationClockOptions(MaxLeadMicros: -1)));
    }
}
