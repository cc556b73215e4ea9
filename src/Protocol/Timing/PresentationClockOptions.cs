namespace MediaActors.Protocol.Timing;

/// <summary>Tuning of <see cref="PresentationClock"/>; the defaults suit 1 to 1000 fps video.</summary>
/// <param name="MinFrameIntervalMicros">Smallest plausible interval between pictures, and the least the output advances per picture.</param>
/// <param name="MaxFrameIntervalMicros">Largest plausible interval; a longer pause is a gap, not a frame rate.</param>
/// <param name="CallerClockTolerance">A caller delta is plausible within this factor of the arrival delta or the smoothed interval.</param>
/// <param name="JitterTolerance">Fraction of the smoothed interval by which one arrival delta may move the smoothed interval (larger deltas are clamped).</param>
/// <param name="IntervalSmoothing">Weight of each new arrival delta in the smoothed frame interval (EWMA).</param>
/// <param name="PhaseCorrection">Fraction of the accumulated error between presentation and arrival time corrected per picture.</param>
/// <param name="WarmUpFrames">Arrival deltas averaged before the smoothed interval is trusted for pacing (a stated frame rate is paced by before).</param>
/// <param name="ResyncIntervals">A picture arriving more than this many intervals later than pacing expects it is a real gap (or the stall before a burst): the output jumps to follow the arrival clock instead of being paced.</param>
/// <param name="MaxCatchUp">The most by which an early picture's step may fall short of the interval (0.1: steps of at least 0.9 intervals, playing at most 11% fast): a burst is spread over nearly the frame rate and the lead it builds is worked off without a visible jump.</param>
/// <param name="MaxLeadIntervals">The bound on the output's lead over the arrivals, in intervals: room for the burst of an encoder with 8 output buffers. Beyond it the output follows the arrivals at the bound.</param>
/// <param name="MaxLeadMicros">The same bound in time, whichever is smaller: at low frame rates the lead (by which the video is presented late against the sound) stays within a second.</param>
/// <param name="StatedRateTolerance">The stream's stated frame rate (SPS timing info) is paced by while the measured interval is within this fraction of it (and again once within half of it). Smaller than <paramref name="MaxCatchUp"/>, so the PLL can always absorb the difference.</param>
public sealed record PresentationClockOptions(
    long MinFrameIntervalMicros = 1_000,
    long MaxFrameIntervalMicros = 1_000_000,
    double CallerClockTolerance = 2.0,
    double JitterTolerance = 0.5,
    double IntervalSmoothing = 1.0 / 32,
    double PhaseCorrection = 1.0 / 16,
    int WarmUpFrames = 3,
    double ResyncIntervals = 4,
    double MaxCatchUp = 0.1,
    double MaxLeadIntervals = 8,
    long MaxLeadMicros = 1_000_000,
    double StatedRateTolerance = 0.05)
{
    /// <summary>The default tuning.</summary>
    public static PresentationClockOptions Default { get; } = new();
}
