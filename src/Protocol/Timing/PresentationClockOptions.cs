namespace MediaActors.Protocol.Timing;

/// <summary>Tuning of <see cref="PresentationClock"/>; the defaults suit 1 to 1000 fps video.</summary>
/// <param name="MinFrameIntervalMicros">Smallest plausible interval between pictures, and the least the output advances per picture.</param>
/// <param name="MaxFrameIntervalMicros">Largest plausible interval; a longer pause is a gap, not a frame rate.</param>
/// <param name="CallerClockTolerance">A caller delta is plausible within this factor of the arrival delta or the smoothed interval.</param>
/// <param name="JitterTolerance">Fraction of the smoothed interval by which one arrival delta may move the smoothed interval (larger deltas are clamped).</param>
/// <param name="IntervalSmoothing">Weight of each new arrival delta in the smoothed frame interval (EWMA).</param>
/// <param name="PhaseCorrection">Fraction of the accumulated error between presentation and arrival time corrected per picture.</param>
/// <param name="WarmUpFrames">Arrival deltas averaged before the smoothed interval is trusted for pacing.</param>
/// <param name="ResyncIntervals">A picture arriving more than this many smoothed intervals away from where pacing expects it is a real gap (or a stall followed by a burst): the output jumps to follow the arrival clock instead of being paced.</param>
public sealed record PresentationClockOptions(
    long MinFrameIntervalMicros = 1_000,
    long MaxFrameIntervalMicros = 1_000_000,
    double CallerClockTolerance = 2.0,
    double JitterTolerance = 0.5,
    double IntervalSmoothing = 1.0 / 32,
    double PhaseCorrection = 1.0 / 16,
    int WarmUpFrames = 3,
    double ResyncIntervals = 4)
{
    /// <summary>The default tuning.</summary>
    public static PresentationClockOptions Default { get; } = new();
}
