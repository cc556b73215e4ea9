using System.Diagnostics;

namespace MediaActors.Pipeline;

/// <summary>
/// Calls back at an exact frame rate. Tick n is due at start + n × period, so the whole-millisecond
/// granularity of .NET timers jitters single ticks but never accumulates: a PeriodicTimer of
/// 1/30 s fires every 33 ms, which is 30.3 frames per second. Like a camera, it does not make up
/// for lost time: after a stall the ticks that are overdue are skipped, not fired in a burst.
/// Each tick is given its number and due time, the instant a camera's frame clock would stamp on
/// that frame; the numbers of skipped ticks are missing.
/// </summary>
public static class FramePacer
{
    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled (then completes as cancelled),
    /// calling <paramref name="onTick"/> for each tick.
    /// </summary>
    public static async Task RunAsync(double framesPerSecond, Action<FrameTick> onTick, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesPerSecond);
        var start = Stopwatch.GetTimestamp();
        var startMicros = MonotonicClock.NowMicros;
        for (long tick = 1; ; tick++)
        {
            var due = TimeSpan.FromSeconds(tick / framesPerSecond);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            onTick(new FrameTick(tick - 1, startMicros + (long)due.TotalMicroseconds));
            // Overdue ticks (the thread was held up) are lost, as frames are when a sensor stalls.
            tick = Math.Max(tick, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * framesPerSecond));
        }
    }
}

/// <summary>Tick <paramref name="Index"/> (from 0) of a <see cref="FramePacer"/>, due at <paramref name="DueMicros"/> on the <see cref="MonotonicClock"/>.
/// A tick that reaches a stopped actor is expected (the pacer stops a moment later).</summary>
public readonly record struct FrameTick(long Index, long DueMicros) : Akka.Event.IDeadLetterSuppression;
