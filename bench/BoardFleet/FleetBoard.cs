using Akka.Actor;
using Akka.Configuration;
using MediaActors.Cluster;
using MediaActors.Configuration;
using MediaActors.Testing;
using MediaActors.Testing.Cluster;
using AkkaCluster = Akka.Cluster.Cluster;

namespace MediaActors.BoardFleet;

/// <summary>
/// One board of the fleet, as `mediaactors board --rtsp-port 0` runs it but without the host: an
/// actor system of its own with the board role and its own cluster port, the catalog, and the
/// K230 facade with one session, which <see cref="FleetFeed"/> feeds. Like the board process, it is
/// given its seeds in its configuration, so Akka joins it while the catalog and the session start,
/// and a relay that sees it come up finds its catalog there.
/// </summary>
public sealed class FleetBoard : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private FleetBoard(string session, ActorSystem system, RtspServer server)
    {
        Session = session;
        System = system;
        Server = server;
    }

    public string Session { get; }

    public ActorSystem System { get; }

    public RtspServer Server { get; }

    /// <summary>The port of the board's cluster (Akka.Remote) endpoint.</summary>
    public int ClusterPort => AkkaCluster.Get(System).SelfAddress.Port ?? 0;

    /// <param name="settings">Settings of the fleet's own over the board's shipped ones (the fleet's --config), or empty.</param>
    /// <param name="onUp">Called (on an Akka thread) once the cluster has taken the board in as Up.</param>
    /// <param name="onStopped">Called once the board's actor system has stopped, with whether the cluster downed it.</param>
    public static FleetBoard Start(string name, int clusterPort, IReadOnlyList<string> seeds, string session, Config settings, Action onUp,
        Action<bool> onStopped)
    {
        var seedList = string.Join(", ", seeds.Select(seed => $"\"{seed}\""));
        var config = ConfigurationFactory.ParseString($"""
            mediaactors.board.name = {name}
            akka.remote.dot-netty.tcp.port = {clusterPort}
            akka.cluster.seed-nodes = [{seedList}]
            # The fleet stops its boards together (Fleet); the runtime's exit would run each
            # system's shutdown, with its leaving the cluster, one after the other.
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            """).WithFallback(settings).WithFallback(LoopbackCluster.NodeConfig(MediaActorsConfig.Board));
        var system = ActorSystem.Create("mediaactors", config);
        try
        {
            AkkaCluster.Get(system).RegisterOnMemberUp(onUp);
            system.WhenTerminated.ContinueWith(_ => onStopped(
                CoordinatedShutdown.Get(system).ShutdownReason is CoordinatedShutdown.ClusterDowningReason), TaskScheduler.Default);
            BoardCatalog.StartCatalog(system, name);
            var server = new RtspServer(system, LoopbackSettings.Rtsp);
            server.Init(0);
            server.CreateSession(session, VideoType.H264, enableAudio: false);
            return new FleetBoard(session, system, server);
        }
        catch
        {
            system.Terminate().Wait(StopTimeout);
            throw;
        }
    }

    /// <summary>Leaves the cluster and stops, as a board shut down on purpose does.</summary>
    public async ValueTask DisposeAsync()
    {
        Server.Destroy();
        await System.Terminate().WaitAsync(StopTimeout);
    }
}
