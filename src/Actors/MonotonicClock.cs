using System.Diagnostics;

namespace MediaActors;

/// <summary>The process-wide monotonic clock in microseconds (arrival and capture times use it, never wall time).</summary>
public static class MonotonicClock
{
    public static long NowMicros => Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1_000_000);
}
