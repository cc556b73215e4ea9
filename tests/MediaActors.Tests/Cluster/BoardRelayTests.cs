using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit;
using MediaActors.Cluster;
using MediaActors.Configuration;
using MediaActors.Connections;
using MediaActors.Flow;
using MediaActors.Pipeline;
using MediaActors.Sessions;
using MediaActors.Testing;
using MediaActors.Testing.Cluster;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Cluster;

/// <summary>
/// A relay (this TestKit's actor system, with a <see cref="RelayActor"/> serving RTSP on loopback)
/// and boards in actor systems of their own, joined into one cluster over loopback TCP: discovery,
/// frames relayed bit-exact, credit across the link, subscription on demand, a board leaving and
/// coming back.
/// </summary>
public sealed class BoardRelayTests : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);

    /// <summary>A graceful leave, or failing that the failure detector (4 s), stable-after (5 s) and the downing vote.</summary>
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(30);

    private readonly List<BoardNode> _boards = new();
    private RelayNode _relay = null!;

    public BoardRelayTests(ITestOutputHelper output)
        : base(LoopbackCluster.NodeConfig(MediaActorsConfig.Relay), "mediaactors", output)
    {
    }

    private Address RelayAddress => _relay.Address;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _relay = await RelayNode.StartAsync(Sys, settings: new RelaySettings(Linger, TimeSpan.FromMilliseconds(500)));
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var board in _boards)
            {
                await board.DisposeAsync();
            }
        }
        finally
        {
            // The TestKit's own DisposeAsync shuts the relay's actor system down.
            await base.DisposeAsync();
        }
    }

    private string Url(string path) => _relay.UrlOf(path);

    private async Task<BoardNode> StartBoardAsync(string name)
    {
        var board = await BoardNode.StartAsync(name, RelayAddress);
        _boards.Add(board);
        return board;
    }

    [Fact(Timeout = 60_000)]
    public async Task The_relay_discovers_a_boards_session_and_describes_it_before_relaying_any_frame()
    {
        var board = await StartBoardAsync("cam1");

        var served = await ServedAsync("cam1/test");
        Assert.Equal(("cam1", "test", "test"), (served.Board, served.Session, served.Alias));
        // No client yet, so nothing is pulled: a DESCRIBE can only be answered from the offer's parameter sets.
        Assert.Empty((await (await SessionOnBoardAsync(board)).Ask<MediaSession.Stats>(MediaSession.GetStats.Instance, Timeout)).Relays);
        await using var client = await RtspTestClient.ConnectAsync(_relay.Port);
        foreach (var path in new[] { "cam1/test", "test" })
        {
            var described = await client.RequestAsync("DESCRIBE", Url(path), ("Accept", "application/sdp"));
            Assert.Equal(200, described.Status);
            Assert.Contains("sprop-parameter-sets=", described.Body);
        }
        Assert.Equal(404, (await client.RequestAsync("DESCRIBE", Url("cam1/nothing"))).Status);

        // A session destroyed on the board disappears from the relay.
        board.Server.DestroySession(BoardNode.Session);
        await AwaitAssertAsync(async () => Assert.Empty((await _relay.Relay.Ask<Relay.Sessions>(Relay.GetSessions.Instance, Timeout)).Served),
            Timeout, TimeSpan.FromMilliseconds(100));
        Assert.Equal(404, (await client.RequestAsync("DESCRIBE", Url("cam1/test"))).Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_second_board_with_a_session_of_the_same_name_takes_the_short_url_away()
    {
        await StartBoardAsync("cam1");
        await ServedAsync("cam1/test");
        await StartBoardAsync("cam2");

        await AwaitAssertAsync(async () =>
        {
            var served = (await _relay.Relay.Ask<Relay.Sessions>(Relay.GetSessions.Instance, Timeout)).Served;
            Assert.Equal(["cam1/test", "cam2/test"], served.Select(s => s.Path).Order());
            Assert.All(served, s => Assert.Null(s.Alias));
        }, Timeout, TimeSpan.FromMilliseconds(100));
        await using var client = await RtspTestClient.ConnectAsync(_relay.Port);
        Assert.Equal(404, (await client.RequestAsync("DESCRIBE", Url("test"))).Status);
        Assert.Equal(200, (await client.RequestAsync("DESCRIBE", Url("cam2/test"))).Status);
    }

    [Fact(Timeout = 90_000)]
    public Task A_board_refused_for_another_boards_name_is_served_once_that_board_leaves() =>
        RefusedBoardIsServedOnceTheFirstLeavesAsync(linkSilentFirst: false);

    /// <summary>
    /// A board that stops without a graceful leave goes silent on the relay's link (4 s) well before
    /// its cluster removes it; the board refused for its name must still be served after the removal.
    /// </summary>
    [Fact(Timeout = 90_000)]
    public Task A_board_refused_for_another_boards_name_is_served_once_that_board_is_removed_after_its_link_went_silent() =>
        RefusedBoardIsServedOnceTheFirstLeavesAsync(linkSilentFirst: true);

    [Fact(Timeout = 60_000)]
    public async Task Frames_reach_the_relay_bit_exact_and_in_order()
    {
        var board = await StartBoardAsync("cam1");
        var served = await ServedAsync("cam1/test");
        var onBoard = await SessionOnBoardAsync(board);
        var local = this.GrantingConsumer(board.System, onBoard, credit: 8);
        var remote = this.GrantingConsumer(Sys, served.Source, credit: 8);

        var received = new List<EncodedFrame>();
        for (var i = 0; i < 45; i++)
        {
            received.Add(await remote.ExpectMsgAsync<EncodedFrame>(Timeout));
        }

        var localFrames = new Dictionary<long, EncodedFrame>();
        while (!localFrames.ContainsKey(received[^1].Sequence))
        {
            var frame = await local.ExpectMsgAsync<EncodedFrame>(Timeout);
            localFrames[frame.Sequence] = frame;
        }

        Assert.True(received[0].IsKeyframe, "a relay link starts at a keyframe");
        Assert.Equal(Enumerable.Range(0, received.Count).Select(i => received[0].Sequence + i), received.Select(f => f.Sequence));
        foreach (var frame in received)
        {
            CameraMessages.AssertSameFrame(localFrames[frame.Sequence], frame);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_relay_link_without_credit_misses_frames_to_the_next_keyframe_while_the_boards_own_clients_get_all()
    {
        var board = await StartBoardAsync("cam1");
        var served = await ServedAsync("cam1/test");
        var onBoard = await SessionOnBoardAsync(board);
        var localClient = this.AcknowledgingSubscriber(board.System, onBoard);
        var stingy = CreateTestProbe(Sys);

        served.Source.Tell(new FrameFlow.Attach(2), stingy.Ref);

        await stingy.ExpectMsgAsync<EncodedFrame>(Timeout);
        await stingy.ExpectMsgAsync<EncodedFrame>(Timeout);
        // The board goes on without the link (however fast this machine makes its frames), and the
        // link gets nothing more meanwhile: anything it got would still be in its queue.
        MediaSession.Stats stats = null!;
        await AwaitAssertAsync(async () =>
        {
            stats = await onBoard.Ask<MediaSession.Stats>(MediaSession.GetStats.Instance, Timeout);
            Assert.True(Assert.Single(stats.Relays).Dropped >= 15);
        }, Timeout, TimeSpan.FromMilliseconds(100));
        await stingy.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        var link = Assert.Single(stats.Relays);
        Assert.Equal((2L, 0), (link.Sent, link.Credit));
        Assert.Equal(0, stats.SubscriberFramesSkipped);

        // Credit back: the link resumes at the next keyframe, and only there.
        served.Source.Tell(new FrameFlow.Request(2), stingy.Ref);
        var resumed = await stingy.ExpectMsgAsync<EncodedFrame>(Timeout);
        Assert.True(resumed.IsKeyframe);
        await localClient.ExpectMsgAsync<MediaSession.FrameAvailable>(Timeout);
    }

    [Fact(Timeout = 60_000)]
    public async Task One_subscription_serves_all_relay_clients_and_ends_a_linger_after_the_last_one()
    {
        var board = await StartBoardAsync("cam1");
        await ServedAsync("cam1/test");
        var onBoard = await SessionOnBoardAsync(board);
        Assert.Empty((await onBoard.Ask<MediaSession.Stats>(MediaSession.GetStats.Instance, Timeout)).Relays);

        var clients = new List<RtspTestClient>();
        for (var i = 0; i < 3; i++)
        {
            var client = await RtspTestClient.ConnectAsync(_relay.Port);
            clients.Add(client);
            await client.SetupAndPlayAsync(Url(i == 0 ? "test" : "cam1/test"));
            await client.ReadInterleavedAsync();
        }
        var link = Assert.Single((await onBoard.Ask<MediaSession.Stats>(MediaSession.GetStats.Instance, Timeout)).Relays);
        Assert.True(link.Sent > 0);

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await AwaitAssertAsync(async () =>
            Assert.Empty((await onBoard.Ask<MediaSession.Stats>(MediaSession.GetStats.Instance, Timeout)).Relays),
            Linger + Timeout, TimeSpan.FromMilliseconds(100));
    }

    [Fact(Timeout = 90_000)]
    public async Task A_board_that_leaves_ends_its_relay_clients_and_its_url_plays_again_when_it_returns()
    {
        var board = await StartBoardAsync("cam1");
        await ServedAsync("cam1/test");
        await using var client = await RtspTestClient.ConnectAsync(_relay.Port);
        await client.SetupAndPlayAsync(Url("cam1/test"));
        await client.ReadInterleavedAsync();

        _boards.Remove(board);
        await board.DisposeAsync();

        // RTCP BYE (interleaved channel 1), then the connection closes.
        await RtcpPackets.ReadUntilGoodbyeAsync(client);
        Assert.True(await client.IsClosedByServerAsync(Timeout));

        await StartBoardAsync("cam1");
        await ServedAsync("cam1/test");
        await using var again = await RtspTestClient.ConnectAsync(_relay.Port);
        await again.SetupAndPlayAsync(Url("cam1/test"));
        await again.ReadInterleavedAsync();
    }

    private async Task RefusedBoardIsServedOnceTheFirstLeavesAsync(bool linkSilentFirst)
    {
        var first = await StartBoardAsync("cam1");
        await ServedAsync("cam1/test");
        var second = await StartBoardAsync("cam1");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(first.Address, (await ServedAsync("cam1/test")).Source.Path.Address);

        if (linkSilentFirst)
        {
            // No more pongs from the first board: the relay's link check gives up on it while it is still a member.
            first.System.ActorSelection($"/system/{LinkProbe.ActorName}").Tell(PoisonPill.Instance);
            await AwaitAssertAsync(async () => Assert.Empty((await _relay.Relay.Ask<Relay.Sessions>(Relay.GetSessions.Instance, Timeout)).Served),
                Timeout, TimeSpan.FromMilliseconds(100));
        }

        _boards.Remove(first);
        await first.DisposeAsync();
        // A leave that the board's shutdown outran ends as an unreachable member downed: seconds
        // more on a loaded machine, and not what this test is about.
        await AwaitConditionAsync(() => Task.FromResult(Akka.Cluster.Cluster.Get(Sys).State.Members.All(m => !m.Address.Equals(first.Address))),
            LeaveTimeout, TimeSpan.FromMilliseconds(100), "the first board is removed from the relay's cluster");

        await AwaitAssertAsync(async () =>
        {
            var served = (await _relay.Relay.Ask<Relay.Sessions>(Relay.GetSessions.Instance, Timeout)).Served;
            Assert.Equal(second.Address, Assert.Single(served).Source.Path.Address);
        }, Timeout, TimeSpan.FromMilliseconds(100));
    }

    private async Task<Relay.RelayedSession> ServedAsync(string path)
    {
        Relay.RelayedSession? served = null;
        await AwaitAssertAsync(async () =>
        {
            served = (await _relay.Relay.Ask<Relay.Sessions>(Relay.GetSessions.Instance, Timeout)).Served.FirstOrDefault(s => s.Path == path);
            Assert.NotNull(served);
        }, Timeout, TimeSpan.FromMilliseconds(100));
        return served!;
    }

    /// <summary>The board's own session actor, as the board's catalog offers it.</summary>
    private async Task<IActorRef> SessionOnBoardAsync(BoardNode board)
    {
        var probe = CreateTestProbe(board.System);
        board.System.ActorSelection("/user/" + BoardCatalog.ActorName).Tell(BoardCatalog.Watch.Instance, probe.Ref);
        await probe.ExpectMsgAsync<BoardCatalog.Watching>(Timeout);
        return (await probe.ExpectMsgAsync<BoardCatalog.SessionOffered>(Timeout)).Source;
    }
}
