using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaActors.Host.Service;

/// <summary>
/// Tells systemd (a Type=notify service) how the node is doing: <c>READY=1</c> when it serves, as
/// <c>/readyz</c> decides (its worker announced it, see <see cref="ServingAnnouncement"/>, and on a
/// board or relay it is an Up member of its cluster), <c>STOPPING=1</c> when a stop begins, and,
/// when a watchdog is on, <c>WATCHDOG=1</c> while the node is alive inside (<see cref="WatchdogLoop"/>).
/// A failure to notify is logged and never stops the node.
/// </summary>
public sealed class ServiceNotifier(
    SystemdNotifySocket socket,
    ServingAnnouncement announcement,
    ActorSystem system,
    ILivenessCheck liveness,
    IHostApplicationLifetime lifetime,
    ILogger<ServiceNotifier> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = lifetime.ApplicationStopping.Register(() => Notify("STOPPING=1\nSTATUS=stopping"));
        var watchdog = WatchdogInterval.FromEnvironment() is { } interval
            ? WatchdogLoop.RunAsync(socket, interval, liveness, logger, stoppingToken)
            : Task.CompletedTask;
        try
        {
            var status = await announcement.Statuses.ReadAsync(stoppingToken);
            await ClusterMemberUpAsync(stoppingToken);
            Notify($"READY=1\nSTATUS={status}");
            await foreach (var next in announcement.Statuses.ReadAllAsync(stoppingToken))
            {
                Notify($"STATUS={next}");
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        try
        {
            await watchdog;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Completes at once on a node that is not in a cluster (serve).</summary>
    private Task ClusterMemberUpAsync(CancellationToken cancellation)
    {
        if (((ExtendedActorSystem)system).Provider is not ClusterActorRefProvider)
        {
            return Task.CompletedTask;
        }

        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        return up.Task.WaitAsync(cancellation);
    }

    private void Notify(string message)
    {
        try
        {
            socket.Send(message);
        }
        catch (SocketException error)
        {
            logger.LogWarning("Could not notify systemd on {Socket} ({Message}): {Reason}", socket.Address, message.ReplaceLineEndings(" "), error.Message);
        }
    }
}
