namespace MediaActors.Protocol.Timing;

/// <summary>
/// The presentation time of "now" for RTCP sender reports (RFC 3550 6.4.1): the NTP time of a
/// report is now, its RTP time the one a sample presented now would carry. The presentation clock
/// is smooth while arrivals jitter, so the offset between the two (presentation minus arrival) is
/// smoothed here over every sample of every track of a session: one offset, so that all the
/// session's reports map its presentation clock to the wall clock the same way (players sync its
/// tracks by them), and a slowly moving one, so that a frame that arrived late or in a burst does
/// not move the mapping (players re-time their output to each report, and a report whose mapping
/// jumped moves their timestamps with it).
/// </summary>
/// <remarks>
/// <para>Each sample moves the offset by <see cref="Smoothing"/> of its distance (the first ones
/// are averaged plainly, so that the first sample's jitter is soon forgotten), the distance
/// clamped to <see cref="MaxStepMicros"/>; a clock that really moved (the presentation clock
/// re-anchored, a source that restarted) is followed at once after <see cref="ResyncSamples"/>
/// samples in a row were more than <see cref="ResyncMicros"/> away.</para>
/// <para>Not thread-safe; one instance per session.</para>
/// </remarks>
public sealed class SenderReportClock
{
    /// <summary>Weight of one sample in the smoothed offset (the first samples are averaged plainly, weight 1/n).</summary>
    public const double Smoothing = 1.0 / 256;

    /// <summary>The most a sample's distance from the offset counts for (jitter beyond is an outlier).</summary>
    public const long MaxStepMicros = 50_000;

    /// <summary>A sample this far from the offset is an outlier, or, with enough in a row, a new offset.</summary>
    public const long ResyncMicros = 500_000;

    /// <summary>Outliers in a row that make a new offset.</summary>
    public const int ResyncSamples = 8;

    private double _offset;
    private int _outliers;
    private long _samples;

    /// <summary>True once a sample was observed: before, the presentation clock is the arrival clock.</summary>
    public bool HasSamples { get; private set; }

    /// <summary>The smoothed presentation-minus-arrival offset, in microseconds.</summary>
    public long OffsetMicros => (long)Math.Round(_offset);

    /// <summary>Notes media presented at <paramref name="presentationMicros"/> that arrived at <paramref name="arrivalMicros"/>.</summary>
    public void Observe(long presentationMicros, long arrivalMicros)
    {
        double sample = presentationMicros - arrivalMicros;
        if (!HasSamples)
        {
            HasSamples = true;
            _offset = sample;
            _samples = 1;
            return;
        }

        var distance = sample - _offset;
        if (Math.Abs(distance) > ResyncMicros)
        {
            if (++_outliers >= ResyncSamples)
            {
                _offset = sample;
                _outliers = 0;
                _samples = 1;
            }

            return;
        }

        _outliers = 0;
        _samples++;
        _offset += Math.Max(Smoothing, 1.0 / _samples) * Math.Clamp(distance, -MaxStepMicros, MaxStepMicros);
    }

    /// <summary>The presentation time of the instant <paramref name="nowMicros"/> of the arrival clock (never negative).</summary>
    public long PresentationAt(long nowMicros) => Math.Max(0, nowMicros + OffsetMicros);
}
