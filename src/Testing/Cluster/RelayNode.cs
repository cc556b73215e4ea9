using System.Net;
using Akka.Actor;
using MediaActors.Cluster;
using MediaActors.Configuration;
using MediaActors.Connections;

namespace MediaActors.Testing.Cluster;

/// <summary>
/// A relay in one test process: a <see cref="RelayActor"/> in a node with the relay role, serving
/// every board's sessions over RTSP on a loopback port the system picked.
/// </summary>
public sealed class RelayNode : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly bool _ownsSystem;

    private RelayNode(ActorSystem system, IActorRef relay, int port, bool ownsSystem)
    {
        System = system;
        Relay = relay;
        Port = port;
        _ownsSystem = ownsSystem;
    }

    public ActorSystem System { get; }

    /// <summary>The relay actor (ask it <see cref="Relay.GetSessions"/>).</summary>
    public IActorRef Relay { get; }

    /// <summary>The relay's RTSP port on 127.0.0.1.</summary>
    public int Port { get; }

    public Address Address => LoopbackCluster.AddressOf(System);

    /// <summary>The URL of a relayed stream: <c>board/session</c>, or <c>session</c> while its name is unique.</summary>
    public string UrlOf(string path) => $"rtsp://127.0.0.1:{Port}/{path}";

    /// <summary>
    /// Starts a relay in <paramref name="system"/> (a TestKit's own, say; it must have been made
    /// with <see cref="LoopbackCluster.NodeConfig"/> of MediaActorsConfig.Relay), or in a new node
    /// when null, and joins that node to <paramref name="seed"/> (itself when null: it starts the cluster).
    /// </summary>
    public static async Task<RelayNode> StartAsync(ActorSystem? system = null, Address? seed = null, RelaySettings? settings = null)
    {
        var ownsSystem = system is null;
        system ??= ActorSystem.Create("mediaactors", LoopbackCluster.NodeConfig(MediaActorsConfig.Relay));
        await LoopbackCluster.JoinAsync(system, seed ?? LoopbackCluster.AddressOf(system));
        var relay = system.ActorOf(RelayActor.Props(LoopbackSettings.Rtsp, settings ?? RelaySettings.FromConfig(system.Settings.Config)), "relay");
        var bound = await relay.Ask<RtspListener.Bound>(new RtspListener.Bind(IPAddress.Loopback, 0), Timeout);
        return new RelayNode(system, relay, bound.Endpoint.Port, ownsSystem);
    }

    /// <summary>Stops the relay; a node it started itself leaves the cluster and stops too.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsSystem)
        {
            await System.Terminate().WaitAsync(Timeout);
            return;
        }

        await Relay.GracefulStop(Timeout);
    }
}
