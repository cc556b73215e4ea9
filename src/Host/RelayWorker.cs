using Akka.Actor;
using MediaActors.Cluster;
using MediaActors.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaActors.Host;

/// <summary>
/// Runs the relay: starts its actor, binds its RTSP port, and prints the base URL once this node is
/// up in the cluster. The relay ends with the host (leaving the cluster), or, with exit code 1, when
/// its actor system stops underneath it (the node was downed or could not bind).
/// </summary>
public sealed class RelayWorker(
    ActorSystem system,
    RelayOptions options,
    ServeOutcome outcome,
    IHostApplicationLifetime lifetime,
    ILogger<RelayWorker> logger) : BackgroundService
{
    private static readonly TimeSpan BindTimeout = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var relay = system.ActorOf(RelayActor.Props(options.Rtsp, options.Relay, options.Sources), "relay");
            var bound = await relay.Ask<RtspListener.Bound>(new RtspListener.Bind(options.Rtsp.BindAddress, options.Port), BindTimeout, stoppingToken);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
            await up.Task.WaitAsync(stoppingToken);
            Console.Out.WriteLine(NetworkAddresses.RtspBaseUrl(NetworkAddresses.Advertised(options.Rtsp), bound.Endpoint.Port));
            Console.Out.Flush();

            await system.WhenTerminated.WaitAsync(stoppingToken);
            logger.LogCritical("relay failed: its actor system stopped (this node was downed or left the cluster)");
            outcome.Failed();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            outcome.Stopping(system, logger, "relay");
        }
        catch (Exception error) when (error is RtspServerException or AskTimeoutException)
        {
            logger.LogCritical("relay failed: {Reason}", error.Message);
            outcome.Failed();
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
