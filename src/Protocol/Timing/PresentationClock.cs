namespace MediaActors.Protocol.Timing;

/// <summary>
/// Turns the timestamp a caller passes with each picture, plus its monotonic arrival time, into a
/// presentation time that strictly increases and is paced like the source.
/// </summary>
/// <remarks>
/// <para>Callers cannot be trusted: the K230 sample passes the constant 1000 for every frame,
/// others pass microseconds, milliseconds or 90 kHz ticks. A caller delta is used when, read in
/// one of those units, it lies within a factor of the observed frame interval. Otherwise the
/// arrival clock is used, de-jittered: each picture advances by the frame interval (the SPS's
/// rate while the arrivals agree with it, else the smoothed arrival interval; see
/// <see cref="FrameInterval"/>) plus a fraction of the accumulated phase error (a simple PLL), so
/// the output tracks real time without drifting and without passing scheduling jitter on to
/// players.</para>
/// <para>A real gap (a picture later than pacing expects by more than
/// <see cref="PresentationClockOptions.ResyncIntervals"/>) is followed at once. A burst is not: an
/// encoder that buffered pictures while its caller stalled hands them over a millisecond apart,
/// and stamped so, players freeze and then show them all at once. Early pictures keep advancing
/// by about an interval instead, at most <see cref="PresentationClockOptions.MaxCatchUp"/> of it
/// shorter, so the burst is spread over the frame rate and the lead it builds over real time is
/// worked off by playing imperceptibly faster. The lead is bounded
/// (<see cref="PresentationClockOptions.MaxLeadIntervals"/>, <see cref="PresentationClockOptions.MaxLeadMicros"/>):
/// beyond it pictures follow their arrivals at that distance, so a source that really runs
/// faster than the interval says is never stamped ever further into the future, and its deltas
/// teach the interval the real rate, after which the lead is worked off.</para>
/// <para>Not thread-safe; one instance per encoder stream.</para>
/// </remarks>
public sealed class PresentationClock
{
    /// <summary>The units callers are known to use: microseconds, milliseconds, 90 kHz RTP ticks.</summary>
    private static readonly double[] MicrosPerCallerTick = [1.0, 1000.0, 1_000_000.0 / 90_000];

    private readonly PresentationClockOptions _options;
    private readonly FrameInterval _interval;
    private bool _started;
    private long _lastOutput;
    private long _lastArrival;
    private ulong _lastCallerTimestamp;

    /// <summary>The previous picture's step when it came from the caller's clock (0 otherwise).</summary>
    private double _lastCallerStep;

    /// <summary>
    /// The output-minus-arrival offset the arrival clock holds. Re-anchored whenever the arrival
    /// clock takes over from the caller's, so switching clocks never makes the output jump.
    /// </summary>
    private long _arrivalOffset;

    /// <summary>Creates a clock.</summary>
    public PresentationClock(PresentationClockOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MinFrameIntervalMicros);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFrameIntervalMicros, options.MinFrameIntervalMicros);
        ArgumentOutOfRangeException.ThrowIfNegative(options.WarmUpFrames);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxCatchUp);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(options.MaxCatchUp, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxLeadIntervals);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxLeadMicros);
        _options = options;
        _interval = new FrameInterval(options);
    }

    /// <summary>Which clock the latest output followed.</summary>
    public PresentationClockSource LastSource { get; private set; } = PresentationClockSource.ArrivalClock;

    /// <summary>The interval the arrival clock paces by in microseconds (0 while unknown).</summary>
    public double FrameIntervalMicros => _interval.Nominal;

    /// <summary>
    /// The frame rate the stream states (the SPS's timing info), null when it states none. Set
    /// before each <see cref="Next"/>; it is paced by while the arrivals agree with it.
    /// </summary>
    public double? StatedFramesPerSecond
    {
        set => _interval.State(value);
    }

    /// <summary>
    /// The presentation time in microseconds of a new picture (continuation slices reuse the
    /// previous value). The first picture is stamped with its arrival time; every later output is
    /// at least <see cref="PresentationClockOptions.MinFrameIntervalMicros"/> after the previous.
    /// </summary>
    /// <param name="callerTimestamp">Whatever the caller passed with the picture.</param>
    /// <param name="arrivalMicros">Monotonic arrival time in microseconds.</param>
    public long Next(ulong callerTimestamp, long arrivalMicros)
    {
        if (!_started)
        {
            _started = true;
            _lastOutput = arrivalMicros;
            Remember(callerTimestamp, arrivalMicros);
            return _lastOutput;
        }

        var arrivalDelta = arrivalMicros - _lastArrival;
        var placement = ArrivalPlacement.Paced;
        long output;
        if (TryCallerStep(callerTimestamp, arrivalDelta, out var callerStep))
        {
            output = _lastOutput + callerStep;
            LastSource = PresentationClockSource.CallerClock;
        }
        else
        {
            if (LastSource == PresentationClockSource.CallerClock)
            {
                _arrivalOffset = _lastOutput - _lastArrival;
            }

            output = ArrivalOutput(arrivalDelta, arrivalMicros + _arrivalOffset, out placement);
            LastSource = PresentationClockSource.ArrivalClock;
        }

        _interval.Observe(arrivalDelta, placement);
        _lastOutput = Math.Max(output, _lastOutput + _options.MinFrameIntervalMicros);
        Remember(callerTimestamp, arrivalMicros);
        return _lastOutput;
    }

    private void Remember(ulong callerTimestamp, long arrivalMicros)
    {
        _lastCallerTimestamp = callerTimestamp;
        _lastArrival = arrivalMicros;
    }

    /// <summary>
    /// The caller's delta in the first unit that makes it plausible: near the arrival delta, the
    /// measured interval, or the caller's own previous step (so that a caller clock once trusted
    /// stays trusted through a burst of late arrivals). False when it did not increase or fits no unit.
    /// </summary>
    private bool TryCallerStep(ulong callerTimestamp, long arrivalDelta, out long step)
    {
        step = 0;
        var previousCallerStep = _lastCallerStep;
        _lastCallerStep = 0;
        if (callerTimestamp <= _lastCallerTimestamp)
        {
            return false;
        }

        double ticks = callerTimestamp - _lastCallerTimestamp;
        foreach (var microsPerTick in MicrosPerCallerTick)
        {
            var micros = ticks * microsPerTick;
            var inRange = micros >= _options.MinFrameIntervalMicros && micros <= _options.MaxFrameIntervalMicros;
            if (inRange && (IsNear(micros, arrivalDelta) || IsNear(micros, _interval.Measured) || IsNear(micros, previousCallerStep)))
            {
                step = (long)Math.Round(micros);
                _lastCallerStep = micros;
                return true;
            }
        }

        return false;
    }

    private bool IsNear(double micros, double reference) =>
        reference > 0
        && micros <= reference * _options.CallerClockTolerance
        && micros * _options.CallerClockTolerance >= reference;

    /// <summary>
    /// The arrival clock's output for a picture that arrived at <paramref name="arrival"/> (on
    /// the output's timeline): the previous output plus the interval plus a fraction of the phase
    /// error between where the picture arrived and where pacing expected it (a PLL). A late
    /// picture and the early one that usually follows it (a scheduler hiccup, a busy machine) so
    /// both stay paced.
    /// <list type="bullet">
    /// <item>While no interval is known yet the output follows the arrivals.</item>
    /// <item>A picture more than <see cref="PresentationClockOptions.ResyncIntervals"/> intervals
    /// late is a real gap, where catching up slowly would leave the output far behind real time:
    /// the output jumps to the arrival (dropping any lead).</item>
    /// <item>An early picture's correction is at most <see cref="PresentationClockOptions.MaxCatchUp"/>
    /// of the interval, so a burst advances by nearly an interval per picture and the lead it
    /// builds is worked off by steps that are only slightly short.</item>
    /// <item>The lead stops at its bound: there the output follows the arrivals at that distance.</item>
    /// </list>
    /// <paramref name="placement"/> is <see cref="ArrivalPlacement.Spread"/> for a picture placed
    /// more than half an interval after its arrival, within the bound: one that came early, in a
    /// burst being spread.
    /// </summary>
    private long ArrivalOutput(long arrivalDelta, long arrival, out ArrivalPlacement placement)
    {
        placement = ArrivalPlacement.Paced;
        var interval = _interval.Nominal;
        if (interval <= 0)
        {
            return _lastOutput + arrivalDelta;
        }

        var phaseError = arrival - (_lastOutput + interval);
        if (phaseError > _options.ResyncIntervals * interval)
        {
            return arrival;
        }

        var correction = Math.Max(_options.PhaseCorrection * phaseError, -_options.MaxCatchUp * interval);
        var paced = (long)Math.Round(_lastOutput + interval + correction);
        var maxLead = (long)Math.Min(_options.MaxLeadIntervals * interval, _options.MaxLeadMicros);
        if (paced - arrival > maxLead)
        {
            return arrival + maxLead;
        }

        if (paced - arrival > interval / 2)
        {
            placement = ArrivalPlacement.Spread;
        }

        return paced;
    }
}
