using MediaActors.Sessions;

namespace MediaActors.Tests.Sessions;

public sealed class RateMeterTests
{
    private const long Second = 1_000_000;

    /// <summary>Counts 30 frames of 1000 bytes a second, evenly, from <paramref name="startMicros"/> up to <paramref name="endMicros"/>.</summary>
    private static void Feed(RateMeter meter, long startMicros, long endMicros)
    {
        for (long frame = 0, at = startMicros; at < endMicros; frame++, at = startMicros + (frame * Second / 30))
        {
            meter.Count(1000, 1, at);
        }
    }

    [Fact]
    public void A_meter_reads_nothing_until_a_whole_second_after_the_first_has_been_counted()
    {
        var meter = new RateMeter();
        Assert.Equal((0, 0), meter.Read(10 * Second));
        Feed(meter, 10 * Second + Second / 2, 12 * Second);

        Assert.Equal((0, 0), meter.Read(11 * Second + Second / 2));
        var (framesPerSecond, bitsPerSecond) = meter.Read(12 * Second);
        Assert.Equal(30, framesPerSecond);
        Assert.Equal(240_000, bitsPerSecond);
    }

    [Fact]
    public void A_young_session_reads_its_rate_not_one_diluted_by_seconds_before_it_existed()
    {
        var meter = new RateMeter();
        Feed(meter, 100 * Second + Second / 3, 103 * Second + Second / 2);

        // Two whole seconds (101 and 102) after the partly counted first one.
        Assert.Equal(30, meter.Read(103 * Second + Second / 2).FramesPerSecond);
    }

    [Fact]
    public void The_rate_is_over_the_last_five_whole_seconds_and_drops_when_frames_stop()
    {
        var meter = new RateMeter();
        Feed(meter, 0, 10 * Second);
        Feed(meter, 10 * Second, 12 * Second + 1);

        Assert.Equal(30, meter.Read(12 * Second + Second / 2).FramesPerSecond);
        // Nothing after 12 s: at 15.5 s, seconds 10-14 are the window and only 10 and 11 (and one frame of 12) had frames.
        Assert.Equal((30 + 30 + 1) / 5.0, meter.Read(15 * Second + Second / 2).FramesPerSecond);
        Assert.Equal(0, meter.Read(60 * Second).FramesPerSecond);
    }
}
