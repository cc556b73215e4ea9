using MediaActors.Protocol.Timing;

namespace MediaActors.Protocol.Tests.Timing;

public sealed class SenderReportClockTests
{
    private const long FrameMicros = 40_000;
    private const long Start = 5_000_000;

    private readonly SenderReportClock _clock = new();

    [Fact]
    public void The_first_sample_is_the_offset()
    {
        _clock.Observe(presentationMicros: Start, arrivalMicros: Start + 12_000);

        Assert.Equal(-12_000, _clock.OffsetMicros);
        Assert.Equal(Start + 100_000 - 12_000, _clock.PresentationAt(Start + 100_000));
    }

    [Fact]
    public void Before_any_sample_now_is_now()
    {
        Assert.False(_clock.HasSamples);
        Assert.Equal(Start, _clock.PresentationAt(Start));
    }

    /// <summary>
    /// Smooth presentation times, arrivals late by 0 to 150 ms (a busy machine), and reports every
    /// 5 s: the mapping each report gives moves by a few milliseconds at most, where the last
    /// frame's arrival (the mapping the reports used to take) moves by up to the whole jitter.
    /// </summary>
    [Fact]
    public void Arrival_jitter_does_not_move_the_mapping_between_reports()
    {
        var random = new Random(7);
        var mappings = new List<long>();
        var lastArrivalMappings = new List<long>();
        for (var frame = 0; frame < 25 * 60; frame++)
        {
            var presentation = Start + frame * FrameMicros;
            var lateness = random.Next(10) == 0 ? random.Next(100_000, 150_001) : random.Next(0, 20_001);
            var arrival = presentation + lateness;
            _clock.Observe(presentation, arrival);
            if (frame % 125 == 124)
            {
                var now = arrival + 1_000;
                mappings.Add(_clock.PresentationAt(now) - now);
                lastArrivalMappings.Add(presentation + (now - arrival) - now);
            }
        }

        var steps = mappings.Zip(mappings.Skip(1), (a, b) => Math.Abs(b - a)).ToList();
        Assert.True(steps.Max() < 5_000, $"steps between reports: {string.Join(", ", steps)} µs");
        Assert.True(mappings.Skip(1).All(m => m is < 0 and > -50_000), $"mappings: {string.Join(", ", mappings)} µs");
        var lastArrivalSteps = lastArrivalMappings.Zip(lastArrivalMappings.Skip(1), (a, b) => Math.Abs(b - a)).Max();
        Assert.True(lastArrivalSteps > 50_000, "the test's jitter should be large enough to show the difference");
    }

    [Fact]
    public void One_sample_far_off_does_not_move_the_offset()
    {
        _clock.Observe(Start, Start);
        _clock.Observe(Start + FrameMicros, Start + FrameMicros + 2_000_000);

        Assert.Equal(0, _clock.OffsetMicros);
    }

    [Fact]
    public void An_outlier_moves_the_offset_by_a_bounded_step()
    {
        _clock.Observe(Start, Start);
        _clock.Observe(Start + FrameMicros, Start + FrameMicros + 400_000);

        // The second sample weighs 1/2 (plain average while warming up), its distance clamped.
        Assert.Equal(-SenderReportClock.MaxStepMicros / 2, _clock.OffsetMicros);
    }

    [Fact]
    public void A_clock_that_really_moved_is_followed_after_a_few_samples()
    {
        _clock.Observe(Start, Start);
        for (var i = 1; i <= SenderReportClock.ResyncSamples; i++)
        {
            Assert.Equal(0, _clock.OffsetMicros);
            _clock.Observe(Start + 3_000_000 + i * FrameMicros, Start + i * FrameMicros);
        }

        Assert.Equal(3_000_000, _clock.OffsetMicros);
    }

    [Fact]
    public void A_late_first_sample_is_soon_forgotten()
    {
        _clock.Observe(Start, Start + 120_000);
        for (var frame = 1; frame < 100; frame++)
        {
            _clock.Observe(Start + frame * FrameMicros, Start + frame * FrameMicros);
        }

        Assert.InRange(_clock.OffsetMicros, -3_000, 0);
    }

    [Fact]
    public void A_slow_drift_is_followed()
    {
        // The presentation clock gains 50 ppm on arrivals (a source's clock, a little fast).
        for (var frame = 0; frame < 25 * 600; frame++)
        {
            var arrival = Start + frame * FrameMicros;
            _clock.Observe(arrival + arrival / 20_000, arrival);
        }

        var last = Start + (25 * 600 - 1) * FrameMicros;
        Assert.InRange(_clock.OffsetMicros, last / 20_000 - 2_000, last / 20_000 + 2_000);
    }
}
