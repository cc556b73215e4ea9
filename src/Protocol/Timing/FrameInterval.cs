namespace MediaActors.Protocol.Timing;

/// <summary>
/// The interval between pictures that <see cref="PresentationClock"/> paces by: the one the stream
/// states (its SPS's frame rate) while the arrivals agree with it, else the smoothed interval
/// between arrivals.
/// </summary>
/// <remarks>
/// <para>The stated rate is exact where a measurement only approaches it, and it is known from the
/// first picture on; but an encoder may write a rate it does not keep (a camera that slows down
/// in low light, a field rate taken for a frame rate), so it is only believed while the measured
/// interval is within <see cref="PresentationClockOptions.StatedRateTolerance"/> of it (with
/// hysteresis: believed again within half of that), and before the measurement has settled.</para>
/// <para>Not thread-safe; part of one <see cref="PresentationClock"/>.</para>
/// </remarks>
internal sealed class FrameInterval(PresentationClockOptions options)
{
    /// <summary>
    /// A picture that came this much sooner than the interval after the previous one, early
    /// against pacing, is not a frame rate but part of a burst (an encoder emptying its buffers
    /// after a stall): it says nothing about the rate and would drag the smoothed interval down
    /// while the clock spreads the burst by it. A rate that doubled still counts; one that rose
    /// more than fourfold is learnt once the clock's lead over the arrivals reaches its bound
    /// (the clock no longer spreads those pictures).
    /// </summary>
    private const double BurstFraction = 0.25;

    private readonly List<long> _warmUp = new();
    private double _smoothed;
    private long _samples;
    private double? _stated;
    private bool _statedAgrees = true;

    /// <summary>The smoothed interval between arrivals in microseconds (0 before the first sample).</summary>
    public double Measured => _smoothed;

    /// <summary>The interval to pace by in microseconds; 0 while neither is known (the clock then follows the arrivals).</summary>
    public double Nominal => UsesStated ? _stated!.Value : IsMeasured ? _smoothed : 0;

    /// <summary>True once enough arrival deltas were averaged for <see cref="Measured"/> to be trusted.</summary>
    private bool IsMeasured => _samples >= options.WarmUpFrames;

    /// <summary>True when the stated interval is the one paced by.</summary>
    private bool UsesStated => _stated is not null && _statedAgrees;

    /// <summary>
    /// Takes the frame rate the stream states (null: none). A rate that changed is news about the
    /// source (an encoder that changes its rate writes a new SPS), so the measurement restarts
    /// from it instead of taking dozens of pictures to come round, and it is believed anew.
    /// </summary>
    public void State(double? framesPerSecond)
    {
        double? interval = framesPerSecond is > 0 ? 1_000_000 / framesPerSecond.Value : null;
        if (interval < options.MinFrameIntervalMicros || interval > options.MaxFrameIntervalMicros)
        {
            interval = null;
        }

        if (interval == _stated)
        {
            return;
        }

        _stated = interval;
        _statedAgrees = true;
        if (interval is { } restart && IsMeasured)
        {
            _smoothed = restart;
        }
    }

    /// <summary>
    /// Takes the arrival delta of a picture. The first <see cref="PresentationClockOptions.WarmUpFrames"/>
    /// are averaged, leaving out those more than twice or less than half their median: one pause
    /// before the encoder got going would otherwise be a third of the average, and with a wrong
    /// interval every picture after it would be mispaced until the average forgot it. From there
    /// on an EWMA of the deltas (weighted 1/n
    /// until that is less than <see cref="PresentationClockOptions.IntervalSmoothing"/>, so that
    /// it settles quickly), each clamped to the jitter tolerance so one late picture moves it only
    /// slightly, while a lasting frame rate change still pulls it over. Left out are the deltas
    /// of a burst the clock is spreading (<see cref="ArrivalPlacement.Spread"/>) when shorter than
    /// <see cref="BurstFraction"/> of the interval; short deltas that merely catch up a late
    /// picture are on time against pacing and count (leaving them out would leave only the late
    /// halves of jitter).
    /// </summary>
    public void Observe(long arrivalDelta, ArrivalPlacement placement)
    {
        if (arrivalDelta < options.MinFrameIntervalMicros || arrivalDelta > options.MaxFrameIntervalMicros)
        {
            return;
        }

        if (placement == ArrivalPlacement.Spread && arrivalDelta < BurstFraction * Nominal)
        {
            return;
        }

        _samples++;
        if (_samples <= options.WarmUpFrames)
        {
            _warmUp.Add(arrivalDelta);
            _smoothed = MeanAroundMedian(_warmUp);
        }
        else
        {
            var weight = Math.Max(options.IntervalSmoothing, 1.0 / _samples);
            var tolerance = options.JitterTolerance * _smoothed;
            _smoothed += weight * (Math.Clamp(arrivalDelta, _smoothed - tolerance, _smoothed + tolerance) - _smoothed);
        }

        CompareWithStated();
    }

    private static double MeanAroundMedian(List<long> deltas)
    {
        var median = deltas.Order().ElementAt((deltas.Count - 1) / 2);
        return deltas.Where(delta => delta >= median / 2 && delta <= median * 2).Average();
    }

    /// <summary>
    /// Whether the measurement still agrees with the stated rate. Only asked once the EWMA has
    /// averaged as many deltas as its weight remembers: the first few are too jittery to disbelieve
    /// an SPS by.
    /// </summary>
    private void CompareWithStated()
    {
        if (_stated is not { } stated || _samples * options.IntervalSmoothing < 1)
        {
            return;
        }

        var disagreement = Math.Abs(_smoothed - stated) / stated;
        _statedAgrees = _statedAgrees
            ? disagreement <= options.StatedRateTolerance
            : disagreement <= options.StatedRateTolerance / 2;
    }
}
