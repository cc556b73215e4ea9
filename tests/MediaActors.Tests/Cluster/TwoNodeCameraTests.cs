using System.Diagnostics;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;
using Akka.TestKit;
using Akka.TestKit.Xunit;
using MediaActors.Cluster;
using MediaActors.Configuration;
using MediaActors.Flow;
using MediaActors.Hardware;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;
using MediaActors.Sessions;
using MediaActors.Testing;
using MediaActors.Testing.Cluster;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Cluster;

/// <summary>
/// Two real actor systems in one process, joined into one cluster over loopback TCP: the board
/// (this TestKit's system) runs a camera, the relay pulls its frames across Akka.Remote, through
/// the camera message serializer and under the consumers' credit.
/// </summary>
public sealed class TwoNodeCameraTests : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly Config NodeConfig = LoopbackCluster.NodeConfig(MediaActorsConfig.Cluster);

    private readonly ITestOutputHelper _output;
    private ActorSystem _relay = null!;

    public TwoNodeCameraTests(ITestOutputHelper output)
        : base(NodeConfig, "mediaactors", output)
    {
        _output = output;
    }

    private ActorSystem Board => Sys;

    private Address BoardAddress => LoopbackCluster.AddressOf(Board);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _relay = ActorSystem.Create(Board.Name, NodeConfig);
        await Task.WhenAll(LoopbackCluster.JoinAsync(Board, BoardAddress), LoopbackCluster.JoinAsync(_relay, BoardAddress));
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            // Leaves the cluster (coordinated shutdown), then stops; the TestKit stops the board after this.
            await _relay.Terminate().WaitAsync(Timeout);
        }
        finally
        {
            await base.DisposeAsync();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Frames_cross_to_the_relay_bit_exact_and_in_order_through_the_camera_serializer()
    {
        var camera = await StartCameraAsync();
        var local = this.GrantingConsumer(Board, camera, credit: 4);
        var cameraFromRelay = await ResolveOnRelayAsync(camera);
        Assert.IsType<RemoteActorRef>(cameraFromRelay);
        // Eight frames of slack: on a cold link (JIT, first messages of the association) the first
        // grants can take longer than four frame intervals to come back, and a consumer out of
        // credit rightly skips to the next keyframe; that is the subject of another test.
        var remote = this.GrantingConsumer(_relay, cameraFromRelay, credit: 8);

        var received = await ReceiveFramesAsync(remote, 45);
        var localFrames = new Dictionary<long, EncodedFrame>();
        while (!localFrames.ContainsKey(received[^1].Sequence))
        {
            var frame = await local.ExpectMsgAsync<EncodedFrame>(Timeout);
            localFrames[frame.Sequence] = frame;
        }

        Assert.True(received[0].IsKeyframe, "a consumer starts at a keyframe");
        Assert.Equal(Enumerable.Range(0, received.Count).Select(i => received[0].Sequence + i), received.Select(frame => frame.Sequence));
        foreach (var frame in received)
        {
            var original = localFrames[frame.Sequence];
            CameraMessages.AssertSameFrame(original, frame);
            // Read by the camera serializer: the frame wraps the message it received, just past its header and packs.
            Assert.True(MemoryMarshal.TryGetArray(frame.Data, out var wrapped));
            Assert.Equal(EncodedFrameFormat.HeaderSize + EncodedFrameFormat.PackSize * frame.Packs.Count, wrapped.Offset);
            Assert.Equal(wrapped.Offset + frame.Data.Length, wrapped.Array!.Length);
        }
        // Both nodes (akka.actor.serialize-messages is off, so only remote messages are serialized) take
        // the camera serializer for every camera message, never the JSON default.
        var stats = new Camera.CameraStats(0, 0, 0, []);
        foreach (var system in new[] { Board, _relay })
        {
            Assert.False(system.Settings.SerializeAllMessages);
            foreach (var message in new object[] { received[0], new FrameFlow.Attach(1), new FrameFlow.Request(1), new FrameFlow.Ended("x"), Camera.GetStats.Instance, stats })
            {
                Assert.IsType<FrameFlowSerializer>(system.Serialization.FindSerializerFor(message));
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_session_on_the_relay_pulls_from_the_boards_camera_within_its_credit()
    {
        var camera = await StartCameraAsync();
        var cameraFromRelay = await ResolveOnRelayAsync(camera);
        var settings = LoopbackSettings.Rtsp;
        var session = _relay.ActorOf(MediaSessionActor.Props("relayed", Codec.H264, null, settings, new IngestGate(settings.IngestQueueBytes)), "relayed");
        var subscriber = this.AcknowledgingSubscriber(_relay, session);

        session.Tell(new MediaSession.PullFrom(cameraFromRelay));

        var frames = new List<MediaSession.FrameAvailable>();
        for (var i = 0; i < 30; i++)
        {
            frames.Add(await subscriber.ExpectMsgAsync<MediaSession.FrameAvailable>(Timeout));
        }

        Assert.True(frames[0].Packets.IsKeyframe);
        for (var i = 1; i < frames.Count; i++)
        {
            Assert.Equal((ushort)(frames[i - 1].Packets.FirstSequenceNumber + frames[i - 1].Packets.Count), frames[i].Packets.FirstSequenceNumber);
        }

        var stats = await cameraFromRelay.Ask<Camera.CameraStats>(Camera.GetStats.Instance, Timeout);
        var sessionAsConsumer = Assert.Single(stats.Consumers);
        Assert.Equal(session, sessionAsConsumer.Consumer);
        Assert.InRange(sessionAsConsumer.Credit, 0, settings.SourceCredit);
        Assert.Equal(0, sessionAsConsumer.Dropped);
        var sessionStats = await session.Ask<MediaSession.Stats>(MediaSession.GetStats.Instance, Timeout);
        Assert.True(sessionStats.AccessUnits >= frames.Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_remote_consumer_without_credit_misses_frames_while_a_local_consumer_gets_every_one()
    {
        var camera = await StartCameraAsync();
        var local = this.GrantingConsumer(Board, camera, credit: 4);
        var cameraFromRelay = await ResolveOnRelayAsync(camera);
        var stingy = CreateTestProbe(_relay);

        cameraFromRelay.Tell(new FrameFlow.Attach(2), stingy.Ref);

        await ReceiveFramesAsync(stingy, 2);
        await stingy.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(700));
        var stats = await cameraFromRelay.Ask<Camera.CameraStats>(Camera.GetStats.Instance, Timeout);
        var remoteStats = Assert.Single(stats.Consumers, consumer => consumer.Consumer.Equals(stingy.Ref));
        Assert.Equal((2L, 0), (remoteStats.Sent, remoteStats.Credit));
        Assert.True(remoteStats.Dropped >= 10, $"the camera went on without the remote consumer, dropping {remoteStats.Dropped} of its frames");
        // The stats crossed to the relay, where the board's local consumer is a remote actor.
        var localStats = Assert.Single(stats.Consumers, consumer =>
            consumer.Consumer.Path.Uid == local.Ref.Path.Uid && consumer.Consumer.Path.Elements.SequenceEqual(local.Ref.Path.Elements));
        Assert.Equal(0, localStats.Dropped);
        var localFrames = await ReceiveFramesAsync(local, (int)localStats.Sent);
        Assert.Equal(Enumerable.Range(0, localFrames.Count).Select(i => localFrames[0].Sequence + i), localFrames.Select(frame => frame.Sequence));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_2_MiB_keyframe_crosses_the_link_and_one_past_the_frame_limit_does_not()
    {
        var maximumFrameSize = Board.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size");
        var largest = CameraMessages.Frame(2 * 1024 * 1024, 16, keyframe: true);
        // Akka's envelope (paths, manifest, sequence numbers) takes well under 1 KiB.
        Assert.True(EncodedFrameFormat.SizeOf(1000, largest.Data.Length) + 1024 <= maximumFrameSize,
            $"maximum-frame-size {maximumFrameSize} leaves no room for a 2 MiB frame with 1000 packs");
        var echo = CreateTestProbe(_relay);
        echo.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            sender.Tell(message, echo.Ref);
            return AutoPilot.KeepRunning;
        }));
        var echoFromBoard = await ResolveAsync(Board, _relay, echo.Ref);

        // The first few carry the link's warm-up (JIT, first large buffers): measured, but not in the median.
        var roundTrips = new List<double>();
        for (var i = 0; i < 13; i++)
        {
            var sent = Stopwatch.StartNew();
            echoFromBoard.Tell(largest, TestActor);
            var crossed = await echo.ExpectMsgAsync<EncodedFrame>(Timeout);
            var back = await ExpectMsgAsync<EncodedFrame>(Timeout);
            roundTrips.Add(sent.Elapsed.TotalMilliseconds);
            CameraMessages.AssertSameFrame(largest, crossed);
            CameraMessages.AssertSameFrame(largest, back);
        }
        var warm = roundTrips.Skip(3).Order().ToList();
        _output.WriteLine($"2 MiB frame there and back: first {roundTrips[0]:F1} ms, then median {warm[warm.Count / 2]:F1} ms (min {warm[0]:F1}, max {warm[^1]:F1})");

        // Akka.Remote drops a larger message (logging it) and keeps the association.
        echoFromBoard.Tell(CameraMessages.Frame((int)maximumFrameSize!.Value, 1), TestActor);
        await echo.ExpectNoMsgAsync(TimeSpan.FromSeconds(1));
        echoFromBoard.Tell(new FrameFlow.Ended("still connected"), TestActor);
        Assert.Equal("still connected", (await echo.ExpectMsgAsync<FrameFlow.Ended>(Timeout)).Reason);
    }

    private async Task<IActorRef> StartCameraAsync() =>
        Board.ActorOf(ScriptedCamera.Props(await EncodedTestStream.GetAccessUnitsAsync()), "camera");

    private Task<IActorRef> ResolveOnRelayAsync(IActorRef boardActor) => ResolveAsync(_relay, Board, boardActor);

    /// <summary>The ref <paramref name="from"/> reaches <paramref name="actor"/> of <paramref name="owner"/> with: looked up over the network.</summary>
    private static Task<IActorRef> ResolveAsync(ActorSystem from, ActorSystem owner, IActorRef actor) =>
        from.ActorSelection(new RootActorPath(LoopbackCluster.AddressOf(owner)) / actor.Path.Elements).ResolveOne(Timeout);

    private static async Task<List<EncodedFrame>> ReceiveFramesAsync(TestProbe consumer, int count)
    {
        var frames = new List<EncodedFrame>(count);
        for (var i = 0; i < count; i++)
        {
            frames.Add(await consumer.ExpectMsgAsync<EncodedFrame>(Timeout));
        }

        return frames;
    }
}
