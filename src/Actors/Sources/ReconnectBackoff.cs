namespace MediaActors.Sources;

/// <summary>
/// Capped exponential backoff with jitter: the wait after the n-th failure in a row is
/// min·2^(n-1), at most max, varied by ±20% so that many sources of one camera (or many cameras
/// after a network outage) do not come back in step. A connection that plays resets it.
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan min, TimeSpan max)
{
    private const double Jitter = 0.2;
    private int _failures;

    /// <summary>Failures in a row since the last success.</summary>
    public int Failures => _failures;

    public TimeSpan NextDelay()
    {
        _failures++;
        var exponent = Math.Min(_failures - 1, 30);
        var delay = Math.Min(min.Ticks * Math.Pow(2, exponent), max.Ticks);
        var jittered = delay * (1 + (Jitter * ((Random.Shared.NextDouble() * 2) - 1)));
        return TimeSpan.FromTicks((long)Math.Min(jittered, max.Ticks));
    }

    public void Succeeded() => _failures = 0;
}
