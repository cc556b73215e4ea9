namespace MediaActors.Protocol.Timing;

/// <summary>
/// Turns the timestamp a caller passes with each picture, plus its monotonic arrival time, into a
/// presentation time that strictly increases and is paced like the source.
/// </summary>
/// <remarks>
/// <para>Callers cannot be trusted: the K230 sample passes the constant 1000 for every frame,
/// others pass microseconds, milliseconds or 90 kHz ticks. A caller delta is used when, read in
/// one of those units, it lies within a factor of the observed frame interval. Otherwise the
/// arrival clock is used, de-jittered: arrivals within tolerance of the smoothed frame interval
/// advance by that interval plus a fraction of the accumulated phase error (a simple PLL), so the
/// output tracks real time without drifting and without passing scheduling jitter on to players;
/// a real gap or burst is followed as it is.</para>
/// <para>Not thread-safe; one instance per encoder stream.</para>
/// </remarks>
public sealed class PresentationClock
{
    /// <summary>The units callers are known to use: microseconds, milliseconds, 90 kHz RTP ticks.</summary>
    private static readonly double[] MicrosPerCallerTick = [1.0, 1000.0, 1_000_000.0 / 90_000];

    private readonly PresentationClockOptions _options;
    private bool _started;
    private long _lastOutput;
    private long _lastArrival;
    private ulong _lastCallerTimestamp;

    /// <summary>The previous picture's step when it came from the caller's clock (0 otherwise).</summary>
    private double _lastCallerStep;
    private double _smoothedInterval;
    private long _intervalSamples;

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
        _options = options;
    }

    /// <summary>Which clock the latest output followed.</summary>
    public PresentationClockSource LastSource { get; private set; } = PresentationClockSource.ArrivalClock;

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
        long step;
        if (TryCallerStep(callerTimestamp, arrivalDelta, out var callerStep))
        {
            step = callerStep;
            LastSource = PresentationClockSource.CallerClock;
        }
        else
        {
            if (LastSource == PresentationClockSource.CallerClock)
            {
                _arrivalOffset = _lastOutput - _lastArrival;
            }

            step = ArrivalStep(arrivalDelta, arrivalMicros);
            LastSource = PresentationClockSource.ArrivalClock;
        }

        UpdateSmoothedInterval(arrivalDelta);
        _lastOutput += Math.Max(step, _options.MinFrameIntervalMicros);
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
    /// smoothed interval, or the caller's own previous step (so that a caller clock once trusted
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
            if (inRange && (IsNear(micros, arrivalDelta) || IsNear(micros, _smoothedInterval) || IsNear(micros, previousCallerStep)))
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
    /// The PLL step: the smoothed interval plus a fraction of the phase error between where the
    /// picture arrived and where pacing expected it. A late picture and the early one that
    /// usually follows it (a scheduler hiccup, a busy machine) therefore both stay paced. The raw
    /// arrival delta is taken while the smoothed interval is still warming up, and for a phase
    /// error of more than <see cref="PresentationClockOptions.ResyncIntervals"/> intervals: a real
    /// gap, where catching up slowly would leave the output far behind real time.
    /// </summary>
    private long ArrivalStep(long arrivalDelta, long arrivalMicros)
    {
        var phaseError = arrivalMicros + _arrivalOffset - (_lastOutput + _smoothedInterval);
        var paced = _intervalSamples >= _options.WarmUpFrames
            && Math.Abs(phaseError) <= _options.ResyncIntervals * _smoothedInterval;
        return paced
            ? (long)Math.Round(_smoothedInterval + (_options.PhaseCorrection * phaseError))
            : arrivalDelta;
    }

    /// <summary>
    /// EWMA of the arrival deltas, each clamped to the jitter tolerance so one late picture or a
    /// burst moves it only slightly, while a lasting frame rate change still pulls it over. The
    /// first samples are averaged plainly (weight 1/n) so that one jittered first delta does not
    /// mislead the PLL for the many frames a slow EWMA would need to forget it.
    /// </summary>
    private void UpdateSmoothedInterval(long arrivalDelta)
    {
        if (arrivalDelta < _options.MinFrameIntervalMicros || arrivalDelta > _options.MaxFrameIntervalMicros)
        {
            return;
        }

        _intervalSamples++;
        var weight = Math.Max(_options.IntervalSmoothing, 1.0 / _intervalSamples);
        var tolerance = _options.JitterTolerance * _smoothedInterval;
        var clamped = _intervalSamples == 1 ? arrivalDelta : Math.Clamp(arrivalDelta, _smoothedInterval - tolerance, _smoothedInterval + tolerance);
        _smoothedInterval += weight * (clamped - _smoothedInterval);
    }
}
