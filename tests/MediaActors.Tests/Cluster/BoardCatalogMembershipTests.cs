using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit;
using MediaActors.Cluster;
using MediaActors.Configuration;
using MediaActors.Testing.Cluster;
using AkkaCluster = Akka.Cluster.Cluster;

namespace MediaActors.Tests.Cluster;

/// <summary>
/// A board's catalog answers (and death-watches) a relay only once the relay is an up member in the
/// board's own view of the cluster. A board restarted on its old address hears from its relay
/// before it has joined (the relay still holds the old incarnation and asks that address again as
/// soon as it answers a ping); a watch of a non-member would be Akka's remote watch, which
/// quarantines the relay for good after 10 s without heartbeats, and the board could then never join.
/// This TestKit's actor system is the relay, the board runs in an actor system of its own.
/// </summary>
public sealed class BoardCatalogMembershipTests(ITestOutputHelper output)
    : TestKit(LoopbackCluster.NodeConfig(MediaActorsConfig.Relay), "mediaactors", output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact(Timeout = 60_000)]
    public async Task A_board_answers_a_relays_watch_only_once_it_has_joined_the_relays_cluster()
    {
        await LoopbackCluster.JoinAsync(Sys, LoopbackCluster.AddressOf(Sys));
        var board = ActorSystem.Create("mediaactors",
            ConfigurationFactory.ParseString("mediaactors.board.name = cam1").WithFallback(LoopbackCluster.NodeConfig(MediaActorsConfig.Board)));
        try
        {
            BoardCatalog.StartCatalog(board, "cam1");
            var catalog = Sys.ActorSelection(new RootActorPath(LoopbackCluster.AddressOf(board)) / "user" / BoardCatalog.ActorName);

            // Not a member of any cluster yet: the relay's ask goes unanswered, and is not watched.
            catalog.Tell(BoardCatalog.Watch.Instance, TestActor);
            await ExpectNoMsgAsync(TimeSpan.FromSeconds(2));

            await LoopbackCluster.JoinAsync(board, LoopbackCluster.AddressOf(Sys));
            await AwaitConditionAsync(() => Task.FromResult(AkkaCluster.Get(board).State.Members.Count(member => member.Status == Akka.Cluster.MemberStatus.Up) == 2), Timeout);

            // A member now: the relay's next ask (every watch-retry) is answered.
            catalog.Tell(BoardCatalog.Watch.Instance, TestActor);
            Assert.Equal("cam1", (await ExpectMsgAsync<BoardCatalog.Watching>(Timeout)).Board);
        }
        finally
        {
            await board.Terminate().WaitAsync(Timeout);
        }
    }
}
