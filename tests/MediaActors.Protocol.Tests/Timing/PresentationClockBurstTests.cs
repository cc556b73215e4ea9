using MediaActors.Protocol.Timing;

namespace MediaActors.Protocol.Tests.Timing;

/// <summary>
/// An encoder with 8 output buffers hands its pictures over all at once after its caller stalled
/// for 8 intervals, a millisecond apart, with the K230 sample's constant timestamp: the clock
/// spreads them over the frame interval, works the lead off slowly and keeps it bounded.
/// </summary>
public sealed class PresentationClockBurstTests
{
    private const double FrameMicros = 1_000_000.0 / 30;
    private const long Start = 5_000_000;
    private const int BurstAt = 300;
    private const int BurstFrames = 8;
    private const int JitterMicros = 3000;

    private static readonly PresentationClockOptions Options = PresentationClockOptions.Default;

    /// <summary>The most the output may lead its arrivals by, at 30 fps, with room for a measured interval a little long.</summary>
    private static readonly double MaxLeadMicros = Math.Min(Options.MaxLeadIntervals * FrameMicros * 1.05, Options.MaxLeadMicros);

    private readonly PresentationClock _clock = new(Options);

    /// <summary>Arrival times of a source at <paramref name="frameMicros"/> with uniform scheduling jitter.</summary>
    private static long[] JitteredArrivals(int count, double frameMicros = FrameMicros, int seed = 1)
    {
        var random = new Random(seed);
        var arrivals = new long[count];
        for (var i = 0; i < count; i++)
        {
            arrivals[i] = Start + (long)(i * frameMicros) + random.Next(-JitterMicros, JitterMicros + 1);
        }

        return arrivals;
    }

    /// <summary>
    /// Jittered arrivals where the caller stalled before picture <paramref name="burstAt"/>: it
    /// and the next ones, due one interval apart, all arrive when the last of them is due, a
    /// millisecond apart. The encoder kept running, so the pictures after the burst arrive on
    /// time again.
    /// </summary>
    private static long[] ArrivalsWithBurst(int count, int burstAt, int burstFrames)
    {
        var arrivals = JitteredArrivals(count);
        var handedOver = Start + (long)((burstAt + burstFrames - 1) * FrameMicros);
        for (var k = 0; k < burstFrames; k++)
        {
            arrivals[burstAt + k] = handedOver + (k * 1000);
        }

        return arrivals;
    }

    /// <summary>Arrivals without jitter at one interval, then at another from picture <paramref name="changeAt"/> on.</summary>
    private static long[] ArrivalsChangingRate(int count, int changeAt, double frameMicros, double laterFrameMicros) =>
        [.. Enumerable.Range(0, count).Select(i => Start + (long)(i < changeAt
            ? i * frameMicros
            : (changeAt * frameMicros) + ((i - changeAt) * laterFrameMicros)))];

    private long[] Run(long[] arrivals, Func<int, ulong> callerTimestamp, double? statedFramesPerSecond = null)
    {
        var outputs = new long[arrivals.Length];
        for (var i = 0; i < arrivals.Length; i++)
        {
            _clock.StatedFramesPerSecond = statedFramesPerSecond;
            outputs[i] = _clock.Next(callerTimestamp(i), arrivals[i]);
            Assert.True(i == 0 || outputs[i] - outputs[i - 1] >= 1000, $"output {i} did not advance by 1 ms");
        }

        return outputs;
    }

    private static void AssertSteps(long[] outputs, int from, int to, double interval, double low, double high)
    {
        for (var i = from; i < to; i++)
        {
            var step = outputs[i] - outputs[i - 1];
            Assert.True(step >= low * interval && step <= high * interval,
                $"step {i} is {step} µs, {step / interval:0.00} intervals; steps {from}..{to}: {string.Join(" ", Enumerable.Range(from, to - from).Select(j => outputs[j] - outputs[j - 1]))}");
        }
    }

    private static void AssertLeadBounded(long[] outputs, long[] arrivals)
    {
        for (var i = 0; i < outputs.Length; i++)
        {
            Assert.True(outputs[i] - arrivals[i] <= MaxLeadMicros, $"picture {i} leads its arrival by {outputs[i] - arrivals[i]} µs");
        }
    }

    /// <summary>The first picture from <paramref name="from"/> on whose output is back within 5 ms of its arrival, and stays so.</summary>
    private static int LeadWorkedOffAt(long[] outputs, long[] arrivals, int from)
    {
        var last = outputs.Length;
        for (var i = outputs.Length - 1; i >= from && Math.Abs(outputs[i] - arrivals[i]) <= 5000; i--)
        {
            last = i;
        }

        return last;
    }

    [Theory]
    [InlineData(null)] // paced by the measured interval
    [InlineData(30.0)] // paced by the SPS's rate
    public void A_burst_after_a_stall_is_spread_over_the_frame_interval_and_the_lead_worked_off(double? statedFramesPerSecond)
    {
        var arrivals = ArrivalsWithBurst(700, BurstAt, BurstFrames);

        var outputs = Run(arrivals, _ => 1000, statedFramesPerSecond);

        // The stall itself is a gap, followed at once; the pictures handed over with the first
        // come about an interval apart, not a millisecond.
        Assert.InRange(outputs[BurstAt] - outputs[BurstAt - 1], 7 * FrameMicros, 9 * FrameMicros);
        AssertSteps(outputs, BurstAt + 1, BurstAt + BurstFrames, FrameMicros, 0.85, 1.05);
        Assert.InRange(_clock.FrameIntervalMicros, 0.97 * FrameMicros, 1.03 * FrameMicros);

        // The lead is worked off by steps barely shorter than an interval: no jump, no freeze.
        AssertSteps(outputs, BurstAt + BurstFrames, outputs.Length, FrameMicros, 0.85, 1.1);
        AssertLeadBounded(outputs, arrivals);
        var lead = outputs[BurstAt + BurstFrames - 1] - arrivals[BurstAt + BurstFrames - 1];
        Assert.True(lead > 5 * FrameMicros, $"lead after the burst {lead} µs");
        var workedOff = LeadWorkedOffAt(outputs, arrivals, BurstAt + BurstFrames);
        Assert.True(workedOff - BurstAt < 150, $"the lead was worked off only at picture {workedOff}");
    }

    [Fact]
    public void The_stated_rate_is_paced_by_through_jitter_and_bursts()
    {
        var arrivals = ArrivalsWithBurst(700, BurstAt, BurstFrames);

        for (var i = 0; i < arrivals.Length; i++)
        {
            _clock.StatedFramesPerSecond = 30;
            _clock.Next(1000, arrivals[i]);
            Assert.Equal(1_000_000.0 / 30, _clock.FrameIntervalMicros);
        }
    }

    [Fact]
    public void Steady_jitter_is_paced_as_without_a_stated_rate()
    {
        var arrivals = JitteredArrivals(700, seed: 5);

        var outputs = Run(arrivals, _ => 1000, statedFramesPerSecond: 30);

        AssertSteps(outputs, 100, outputs.Length, FrameMicros, 0.97, 1.03);
        Assert.All(Enumerable.Range(100, 600), i => Assert.InRange(outputs[i] - arrivals[i], -10_000, 10_000));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(30.0)]
    public void A_pause_before_the_encoder_got_going_does_not_mislead_the_interval(double? statedFramesPerSecond)
    {
        var arrivals = JitteredArrivals(300);
        for (var i = 1; i < arrivals.Length; i++)
        {
            arrivals[i] += 250_000; // the first picture, then a quarter of a second until the next
        }

        var outputs = Run(arrivals, _ => 1000, statedFramesPerSecond);

        Assert.InRange(_clock.FrameIntervalMicros, 0.97 * FrameMicros, 1.03 * FrameMicros);
        AssertSteps(outputs, 5, outputs.Length, FrameMicros, 0.85, 1.15);
        AssertLeadBounded(outputs, arrivals);
        Assert.All(Enumerable.Range(5, 295), i => Assert.InRange(outputs[i] - arrivals[i], -10_000, 10_000));
    }

    [Fact]
    public void A_burst_longer_than_the_bound_leads_no_further_than_the_bound()
    {
        var arrivals = ArrivalsWithBurst(700, BurstAt, burstFrames: 30);

        var outputs = Run(arrivals, _ => 1000, statedFramesPerSecond: 30);

        AssertLeadBounded(outputs, arrivals);
        Assert.True(LeadWorkedOffAt(outputs, arrivals, BurstAt + 30) < 500, "the lead was not worked off");
    }

    [Theory]
    [InlineData(30.0)] // an SPS that says 30 while the source runs at 60
    [InlineData(null)] // no SPS: the source changes its rate
    public void A_source_faster_than_its_stated_rate_is_followed_with_a_bounded_lead(double? statedFramesPerSecond)
    {
        // 10 s at 30 fps, then 10 s at 60 fps.
        var arrivals = ArrivalsChangingRate(900, 300, FrameMicros, FrameMicros / 2);

        var outputs = Run(arrivals, _ => 1000, statedFramesPerSecond);

        AssertLeadBounded(outputs, arrivals);
        Assert.InRange(_clock.FrameIntervalMicros, 0.97 * FrameMicros / 2, 1.03 * FrameMicros / 2);
        AssertSteps(outputs, 800, outputs.Length, FrameMicros / 2, 0.97, 1.03);
        Assert.InRange(outputs[^1] - arrivals[^1], -5000, 5000);
    }

    [Fact]
    public void A_source_slower_than_its_stated_rate_is_followed()
    {
        // An SPS that says 30 fps, a camera that drops to 15 in low light.
        var arrivals = ArrivalsChangingRate(600, 300, FrameMicros, FrameMicros * 2);

        var outputs = Run(arrivals, _ => 1000, statedFramesPerSecond: 30);

        Assert.InRange(_clock.FrameIntervalMicros, 0.97 * FrameMicros * 2, 1.03 * FrameMicros * 2);
        AssertSteps(outputs, 500, outputs.Length, FrameMicros * 2, 0.97, 1.03);
        Assert.InRange(outputs[^1] - arrivals[^1], -5000, 5000);
    }

    [Fact]
    public void A_changed_stated_rate_is_paced_by_at_once()
    {
        var arrivals = ArrivalsChangingRate(600, 300, FrameMicros, FrameMicros / 2);

        Run(arrivals[..300], _ => 1000, statedFramesPerSecond: 30);
        for (var i = 300; i < arrivals.Length; i++)
        {
            _clock.StatedFramesPerSecond = 60; // the encoder wrote a new SPS with its new rate
            var output = _clock.Next(1000, arrivals[i]);
            Assert.Equal(1_000_000.0 / 60, _clock.FrameIntervalMicros);
            Assert.InRange(output - arrivals[i], -FrameMicros, FrameMicros);
        }
    }

    [Fact]
    public void A_burst_with_real_caller_timestamps_keeps_the_caller_spacing()
    {
        var arrivals = ArrivalsWithBurst(400, BurstAt, BurstFrames);

        var outputs = Run(arrivals, i => 1_000_000 + ((ulong)i * 33_333), statedFramesPerSecond: 30);

        Assert.Equal(PresentationClockSource.CallerClock, _clock.LastSource);
        AssertSteps(outputs, 1, outputs.Length, 33_333, 1, 1);
    }
}
