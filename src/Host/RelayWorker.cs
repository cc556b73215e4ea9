using Akka.Actor;
using MediaActors.Cluster;
using MediaActors.Connections;
using MediaActors.Host.Service;
using MediaActors.Recording;
using MediaActors.Web;
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
    Http.RunningServer running,
    ServeOutcome outcome,
    ServingAnnouncement announcement,
    IHostApplicationLifetime lifetime,
    ILogger<RelayWorker> logger) : BackgroundService
{
    private static readonly TimeSpan BindTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The relay's sessions on the HTTP server, and recorded when a directory is configured, as on any node.</summary>
    private async Task ServeWebAsync(IActorRef relay, int rtspPort)
    {
        var registry = await system.ActorSelection(relay.Path / RelayActor.RegistryName).ResolveOne(BindTimeout);
        var recordingSettings = RecordingSettings.FromConfig(system.Settings.Config);
        var recordings = recordingSettings.IsOn ? system.ActorOf(RecordingsActor.Props(recordingSettings), "recordings") : null;
        var parts = await relay.Ask<Relay.Parts>(Relay.GetParts.Instance, BindTimeout);
        running.RelaySources = parts.Sources;
        running.Started(WebSessions.Start(system, registry, WebSettings.FromConfig(system.Settings.Config), recordings, "web-streams", parts.Listener),
            () => rtspPort, relay: relay);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var relay = system.ActorOf(RelayActor.Props(options.Rtsp, options.Relay, options.Sources), "relay");
            var bound = await relay.Ask<RtspListener.Bound>(new RtspListener.Bind(options.Rtsp.BindAddress, options.Port), BindTimeout, stoppingToken);
            _ = RtspWarmUp.RunAsync(options.Rtsp.BindAddress, bound.Endpoint.Port);
            await ServeWebAsync(relay, bound.Endpoint.Port);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
            await up.Task.WaitAsync(stoppingToken);
            var baseUrl = NetworkAddresses.RtspBaseUrl(NetworkAddresses.Advertised(options.Rtsp), bound.Endpoint.Port);
            relay.Tell(new Relay.ServedAt(baseUrl));
            announcement.Serving(baseUrl);

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
