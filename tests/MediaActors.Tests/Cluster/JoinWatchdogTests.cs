using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;
using Akka.TestKit.Xunit;
using MediaActors.Cluster;
using MediaActors.Configuration;
using MediaActors.Testing.Cluster;
using AkkaCluster = Akka.Cluster.Cluster;

namespace MediaActors.Tests.Cluster;

/// <summary>
/// A node joining through a seed node checks the link to it while it is not a member: a seed that
/// answers no link check has this node's connections to it dropped (so that the next join attempt
/// opens a fresh one), a seed that answers keeps them. This TestKit's actor system is the seed,
/// never joined to any cluster, so the board's join goes on for the whole test; the board runs in
/// an actor system of its own with the seed in its akka.cluster.seed-nodes, as `mediaactors board --seed` has.
/// </summary>
public sealed class JoinWatchdogTests(ITestOutputHelper output)
    : TestKit(LoopbackCluster.NodeConfig(MediaActorsConfig.Relay), "mediaactors", output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact(Timeout = 60_000)]
    public async Task A_seed_that_answers_no_link_check_has_the_joining_nodes_connections_dropped()
    {
        // Stopped before the board comes, the seed's probe answers no ping.
        var probe = await SeedLinkProbeAsync();
        Watch(probe);
        probe.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(probe, Timeout);
        var disassociations = CreateTestProbe();
        Sys.EventStream.Subscribe(disassociations.Ref, typeof(DisassociatedEvent));

        var board = StartJoiningBoard();
        try
        {
            var dropped = CreateTestProbe(board);
            board.EventStream.Subscribe(dropped.Ref, typeof(JoinWatchdog.SeedConnectionDropped));

            Assert.Equal(LoopbackCluster.AddressOf(Sys), (await dropped.ExpectMsgAsync<JoinWatchdog.SeedConnectionDropped>(Timeout)).Seed);
            // The seed sees the board's connection end: the next InitJoin will come on a new one.
            await disassociations.FishForMessageAsync<DisassociatedEvent>(
                disassociated => disassociated.RemoteAddress.Equals(LoopbackCluster.AddressOf(board)), Timeout);
        }
        finally
        {
            await board.Terminate().WaitAsync(Timeout);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_seed_that_answers_keeps_the_joining_nodes_connections()
    {
        await SeedLinkProbeAsync();
        var board = StartJoiningBoard();
        try
        {
            var dropped = CreateTestProbe(board);
            board.EventStream.Subscribe(dropped.Ref, typeof(JoinWatchdog.SeedConnectionDropped));

            // Eight check intervals, over twice the silence that would drop a silent seed's connections.
            await dropped.ExpectNoMsgAsync(TimeSpan.FromSeconds(4));
            Assert.False(AkkaCluster.Get(board).SelfMember.Status is Akka.Cluster.MemberStatus.Up, "the board joined a seed that never formed a cluster");
        }
        finally
        {
            await board.Terminate().WaitAsync(Timeout);
        }
    }

    /// <summary>The seed's link probe, once its cluster (the downing provider, a moment after the extension) has started it.</summary>
    private async Task<IActorRef> SeedLinkProbeAsync()
    {
        _ = AkkaCluster.Get(Sys);
        IActorRef probe = null!;
        await AwaitAssertAsync(async () => probe = await Sys.ActorSelection($"/system/{LinkProbe.ActorName}").ResolveOne(TimeSpan.FromSeconds(1)),
            Timeout, TimeSpan.FromMilliseconds(100));
        return probe;
    }

    /// <summary>A board whose seed is this TestKit's system, checking the link every 0.5 s and dropping it after 1.5 s of silence.</summary>
    private ActorSystem StartJoiningBoard()
    {
        var board = ActorSystem.Create("mediaactors", ConfigurationFactory.ParseString($$"""
            akka.cluster.seed-nodes = ["{{LoopbackCluster.AddressOf(Sys)}}"]
            mediaactors.cluster { join-check-interval = 500ms, join-check-silence = 1500ms }
            """).WithFallback(LoopbackCluster.NodeConfig(MediaActorsConfig.Board)));
        // The cluster, and with it the watchdog, starts with the extension.
        _ = AkkaCluster.Get(board);
        return board;
    }
}
