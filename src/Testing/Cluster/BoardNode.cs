using Akka.Actor;
using Akka.Configuration;
using MediaActors.Cluster;
using MediaActors.Configuration;

namespace MediaActors.Testing.Cluster;

/// <summary>
/// A board in one test process: its own actor system with the board role, joined to a cluster,
/// running a <see cref="ScriptedCamera"/>, the K230 facade with one session pulling from that
/// camera, and the board's catalog, which offers the session to the cluster's relays.
/// </summary>
public sealed class BoardNode : IAsyncDisposable
{
    public const string Session = "test";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private BoardNode(ActorSystem system, RtspServer server, IActorRef camera)
    {
        System = system;
        Server = server;
        Camera = camera;
    }

    public ActorSystem System { get; }

    public RtspServer Server { get; }

    public IActorRef Camera { get; }

    public Address Address => LoopbackCluster.AddressOf(System);

    /// <summary>
    /// Starts a board named <paramref name="name"/> and joins it to the cluster of <paramref name="seed"/>.
    /// The catalog and the session start before the join, as in `mediaactors board`, so a relay
    /// that sees the board come up finds its catalog (else it would ask again a watch-retry later).
    /// </summary>
    public static async Task<BoardNode> StartAsync(string name, Address seed, string session = Session)
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var system = ActorSystem.Create("mediaactors",
            ConfigurationFactory.ParseString($"mediaactors.board.name = {name}").WithFallback(LoopbackCluster.NodeConfig(MediaActorsConfig.Board)));
        BoardCatalog.StartCatalog(system, name);

        var camera = system.ActorOf(ScriptedCamera.Props(accessUnits), "camera");
        var server = new RtspServer(system, LoopbackSettings.Rtsp);
        server.Init(0);
        server.CreateSession(session, VideoType.H264, enableAudio: false);
        server.PullVideoFrom(session, camera);
        try
        {
            await LoopbackCluster.JoinAsync(system, seed);
        }
        catch
        {
            server.Destroy();
            await system.Terminate().WaitAsync(StopTimeout);
            throw;
        }

        return new BoardNode(system, server, camera);
    }

    /// <summary>Leaves the cluster and stops, as a board shut down on purpose does.</summary>
    public async ValueTask DisposeAsync()
    {
        Server.Destroy();
        await System.Terminate().WaitAsync(StopTimeout);
    }
}
