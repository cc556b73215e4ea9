using Akka.Actor;
using Akka.Configuration;
using MediaActors.Cluster;
using MediaActors.Configuration;
using MediaActors.Hardware;
using MediaActors.Pipeline;
using MediaActors.Tests.Infrastructure;
using AkkaCluster = Akka.Cluster.Cluster;

namespace MediaActors.Tests.Cluster;

/// <summary>
/// A board in one test process: its own actor system with the board role, joined to a cluster,
/// running a camera (the synthetic sensor and the scripted encoder, the hardware boundary), the
/// K230 facade with one session pulling from that camera, and the board's catalog.
/// </summary>
public sealed class BoardNode : IAsyncDisposable
{
    public const string Session = "test";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly VideoFormat Format = new(EncodedTestStream.Width, EncodedTestStream.Height, EncodedTestStream.FramesPerSecond);

    private BoardNode(ActorSystem system, RtspServer server, IActorRef camera)
    {
        System = system;
        Server = server;
        Camera = camera;
    }

    public ActorSystem System { get; }

    public RtspServer Server { get; }

    public IActorRef Camera { get; }

    public Address Address => AkkaCluster.Get(System).SelfAddress;

    /// <summary>A test node's settings over <paramref name="roleDefaults"/>: loopback on a free port, quiet logs.</summary>
    public static Config NodeConfig(Config roleDefaults) => ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.remote.log-remote-lifecycle-events = off
        akka.cluster.log-info = off
        """).WithFallback(roleDefaults);

    /// <summary>Starts a board named <paramref name="name"/> and joins it to the cluster of <paramref name="seed"/>.</summary>
    public static async Task<BoardNode> StartAsync(string name, Address seed, string session = Session)
    {
        var system = ActorSystem.Create("mediaactors",
            ConfigurationFactory.ParseString($"mediaactors.board.name = {name}").WithFallback(NodeConfig(MediaActorsConfig.Board)));
        using (var joined = new CancellationTokenSource(Timeout))
        {
            await AkkaCluster.Get(system).JoinAsync(seed, joined.Token);
        }

        BoardCatalog.StartCatalog(system, name);

        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var camera = system.ActorOf(CameraActor.Props(
            new SensorAndEncoder(new SyntheticNv12Sensor(Format), () => new ScriptedVideoEncoder(accessUnits, Format)), credit: 3), "camera");
        var server = new RtspServer(system, TestSettings.Loopback);
        server.Init(0);
        server.CreateSession(session, VideoType.H264, enableAudio: false);
        server.PullVideoFrom(session, camera);
        return new BoardNode(system, server, camera);
    }

    /// <summary>Leaves the cluster and stops, as a board shut down on purpose does.</summary>
    public async ValueTask DisposeAsync()
    {
        Server.Destroy();
        await System.Terminate().WaitAsync(Timeout);
    }
}
