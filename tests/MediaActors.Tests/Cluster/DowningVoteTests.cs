using Akka.Actor;
using Akka.Cluster;
using Akka.TestKit.Xunit;
using MediaActors.Cluster;
using MediaActors.Configuration;
using MediaActors.Testing.Cluster;
using AkkaCluster = Akka.Cluster.Cluster;

namespace MediaActors.Tests.Cluster;

/// <summary>
/// The split-brain resolver's vote, on a real cluster of two relays and a board (this TestKit's
/// node): a resolver on the board is told what a board too busy to read its heartbeats sees,
/// every relay unreachable and itself the leader, and must ask the relays rather than down them.
/// </summary>
public sealed class DowningVoteTests(ITestOutputHelper output)
    : TestKit(LoopbackCluster.NodeConfig(MediaActorsConfig.Board), "mediaactors", output)
{
    private static readonly TimeSpan StableAfter = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan VoteBound = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 60_000)]
    public async Task A_board_leading_with_every_relay_marked_unreachable_asks_them_and_downs_none_that_reach_each_other()
    {
        await using var first = await RelayNode.StartAsync();
        await using var second = await RelayNode.StartAsync(seed: first.Address);
        await LoopbackCluster.JoinAsync(Sys, first.Address);
        var cluster = AkkaCluster.Get(Sys);
        await AwaitConditionAsync(() => Task.FromResult(RelaysUp(cluster).Count == 2), TimeSpan.FromSeconds(15));
        var relays = RelaysUp(cluster);

        var resolver = Sys.ActorOf(KeepReachableDowningActor.Props(StableAfter, ProbeTimeout, cluster));
        // Its subscription's snapshot of the cluster (the real leader, nobody unreachable) first.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await EventFilter.Warning(contains: "Not downing").ExpectAsync(relays.Count, () =>
        {
            resolver.Tell(new ClusterEvent.LeaderChanged(cluster.SelfAddress));
            foreach (var relay in relays)
            {
                resolver.Tell(new ClusterEvent.UnreachableMember(relay));
            }

            return Task.CompletedTask;
        }, VoteBound);

        Assert.Equal(2, RelaysUp(cluster).Count);
        Assert.All(new[] { first, second }, relay => Assert.Equal(MemberStatus.Up, AkkaCluster.Get(relay.System).SelfMember.Status));
    }

    private static List<Member> RelaysUp(AkkaCluster cluster) =>
        cluster.State.Members.Where(member => member.HasRole(BoardCatalog.RelayRole) && member.Status == MemberStatus.Up).ToList();
}
