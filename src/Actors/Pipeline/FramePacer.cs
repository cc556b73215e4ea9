using System.Diagnostics;

namespace MediaActors.Pipeline;

/// <summary>
/// Calls back at an exact frame rate. Tick n is due at start + n × period, so the whole-millisecond
/// granularity of .NET timers jitters single ticks but never accumulates: a PeriodicTimer of
/// 1/30 s fires every 33 ms, which is 30.3 frames per second. Like a camera, it does not make up
/// for lost time: after a stall the ticks that are overdue are skipped, not fired in a burst.
/// </summary>
public static class FramePacer
{
    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (then completes as cancelled).</summary>
    public static async Task RunAsync(double framesPerSecond, Action onTick, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesPerSecond);
        var start = Stopwatch.GetTimestamp();
        for (long tick = 1; ; tick++)
        {
            var due = TimeSpan.FromSeconds(tick / framesPerSecond);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            onTick();
            // Overdue ticks (the thread was held up) are lost, as frames are when a sensor stalls.
            tick = Math.Max(tick, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * framesPerSecond));
        }
    }
}
