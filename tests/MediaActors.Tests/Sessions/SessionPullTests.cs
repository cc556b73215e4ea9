using Akka.Actor;
using Akka.TestKit.Xunit;
using MediaActors.Flow;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;
using MediaActors.Sessions;
using MediaActors.Testing;
using MediaActors.Tests.Cluster;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Sessions;

/// <summary>A session pulling from a publisher (a probe plays the camera or the board's session): on demand, after a detach, and when frames stop coming.</summary>
public sealed class SessionPullTests(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(300);

    private IActorRef StartSession() =>
        Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, LoopbackSettings.Rtsp, new IngestGate(LoopbackSettings.Rtsp.IngestQueueBytes)));

    [Fact(Timeout = 30_000)]
    public async Task An_on_demand_session_attaches_only_when_described_and_detaches_a_linger_later()
    {
        var session = StartSession();
        var source = CreateTestProbe();

        session.Tell(new MediaSession.PullFrom(source, Linger));
        await source.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        session.Tell(new MediaSession.Describe(WaitForParameterSets: false), TestActor);

        Assert.Equal(LoopbackSettings.Rtsp.SourceCredit, (await source.ExpectMsgAsync<FrameFlow.Attach>()).Credit);
        await source.ExpectMsgAsync<FrameFlow.Detach>(Linger * 10);
        Assert.False((await session.Ask<MediaSession.Stats>(MediaSession.GetStats.Instance)).Pulling);
    }

    [Fact(Timeout = 30_000)]
    public async Task Frames_that_arrive_after_a_detach_are_neither_used_nor_answered_with_credit()
    {
        var session = StartSession();
        var source = CreateTestProbe();
        session.Tell(new MediaSession.PullFrom(source, Linger));
        session.Tell(new MediaSession.Describe(WaitForParameterSets: false), TestActor);
        await source.ExpectMsgAsync<FrameFlow.Attach>();
        await source.ExpectMsgAsync<FrameFlow.Detach>(Linger * 10);

        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        session.Tell(CameraMessages.FromAccessUnit(accessUnits[0], Codec.H264, keyframe: true, sequence: 0), source.Ref);

        await source.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        var stats = await session.Ask<MediaSession.Stats>(MediaSession.GetStats.Instance);
        Assert.Equal((0L, 0), (stats.AccessUnits, stats.GopCacheFrames));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_session_that_gets_no_frame_for_five_seconds_attaches_again_with_full_credit()
    {
        var session = StartSession();
        var source = CreateTestProbe();

        session.Tell(new MediaSession.PullFrom(source));
        await source.ExpectMsgAsync<FrameFlow.Attach>();

        // Credit lost on the way (a frame or a grant dropped with a broken link) is given back by attaching afresh.
        await source.ExpectMsgAsync<FrameFlow.Detach>(TimeSpan.FromSeconds(12));
        Assert.Equal(LoopbackSettings.Rtsp.SourceCredit, (await source.ExpectMsgAsync<FrameFlow.Attach>()).Credit);
    }
}
