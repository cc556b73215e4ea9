using Akka.Actor;
using MediaActors.Delivery;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaActors.Host;

/// <summary>
/// Logs, every 10 s, the send latency (<see cref="SendLatency"/>) while there were clients and the
/// garbage collector's pauses (<see cref="GcPauses"/>) when there were any: what operators watch,
/// and what the benchmark in bench/ reads from the log.
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
                var sends = sendLatency.TakeSummary();
                if (sends.Count > 0)
                {
                    logger.LogInformation("Send latency over {Seconds:0} s: {Summary}", Interval.TotalSeconds, sends);
                }

                var pauses = gcPauses.TakeSummary();
                if (pauses.Count > 0)
                {
                    logger.LogInformation("GC pauses over {Seconds:0} s: {Summary}", Interval.TotalSeconds, pauses);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
