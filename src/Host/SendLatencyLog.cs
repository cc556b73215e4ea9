using Akka.Actor;
using MediaActors.Rtp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaActors.Host;

/// <summary>
/// Logs the send latency (<see cref="SendLatency"/>) of the last interval, while there were clients:
/// what operators watch, and what the benchmark in bench/ reads from the log.
/// </summary>
public sealed class SendLatencyLog(ActorSystem system, ILogger<SendLatencyLog> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var histogram = SendLatency.Get(system).Histogram;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var summary = histogram.TakeSummary();
                if (summary.Count > 0)
                    logger.LogInformation("Send latency over {Seconds:0} s: {Summary}", Interval.TotalSeconds, summary);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
