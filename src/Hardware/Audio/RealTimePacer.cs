using System.Diagnostics;

namespace MediaActors.Hardware.Audio;

/// <summary>Calls a tick at fixed intervals on the monotonic clock, the way a sound card's interrupts arrive.</summary>
/// <remarks>
/// Tick n is due at start + n × period, computed from the start each time rather than by adding delays,
/// so the timer's rounding (whole milliseconds, plus scheduling jitter) delays a tick but never accumulates.
/// PeriodicTimer is not used because it rounds the period itself, which would drift. A tick that runs
/// late is not skipped: the next ones run at once until the schedule is caught up, as a capture driver
/// hands over a backlog of buffers.
/// </remarks>
internal static class RealTimePacer
{
    public static async Task RunAsync(TimeSpan period, Func<long, CancellationToken, ValueTask> tick, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (long n = 0; ; n++)
        {
            var wait = period * n - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            await tick(n, cancellationToken);
        }
    }
}
