using Akka.Actor;
using MediaActors.Delivery;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaActors.Host;

/// <summary>
/// Logs, every 10 s in which there was something to tell, one line with the send latency
/// (<see cref="SendLatency"/>, while there were clients) and the garbage collector's pauses
/// (<see cref="GcPauses"/>): what operators watch, and what the benchmark in bench/ reads from the
/// log (bench/run.py parses this line; change both together).
/// </summary>
public sealed class PerformanceLog(ActorSystem system, ILogger<PerformanceLog> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sendLatency = SendLatency.Get(system).Histogram;
        var gcPauses = GcPauses.Process;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Log(logger, Interval, sendLatency.TakeSummary(), gcPauses.TakeSummary());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One line for <paramref name="interval"/>, unless nothing was sent and the collector did not
    /// pause: <c>Performance over 10 s: send latency p50 0.4 ms, p99 1.2 ms, p99.9 2.5 ms, max 3.1 ms
    /// (9000 samples); GC pauses 2, longest 1.8 ms</c>. Figures in milliseconds to the microsecond,
    /// each a property of its own in the JSON log.
    /// </summary>
    public static void Log(ILogger logger, TimeSpan interval, LatencySummary sends, LatencySummary pauses)
    {
        if (sends.Count == 0 && pauses.Count == 0)
        {
            return;
        }

        logger.LogInformation(
            "Performance over {Seconds:0} s: send latency p50 {SendP50Ms} ms, p99 {SendP99Ms} ms, p99.9 {SendP999Ms} ms, max {SendMaxMs} ms " +
            "({SendSamples} samples); GC pauses {GcPauses}, longest {GcLongestMs} ms",
            interval.TotalSeconds, Milliseconds(sends.P50), Milliseconds(sends.P99), Milliseconds(sends.P999), Milliseconds(sends.Max),
            sends.Count, pauses.Count, Milliseconds(pauses.Max));
    }

    private static double Milliseconds(TimeSpan time) => Math.Round(time.TotalMilliseconds, 3);
}
