using Akka.Actor;
using Akka.TestKit.Xunit;
using MediaActors.Protocol.Formats;
using MediaActors.Sessions;
using MediaActors.Testing;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Sessions;

/// <summary>Instant start: a subscriber joining mid-GOP gets the cached frames at once, then the live ones.</summary>
public sealed class GopCacheJoinTests : TestKit
{
    private readonly IngestGate _gate = new(LoopbackSettings.Rtsp.IngestQueueBytes);

    [Fact]
    public async Task A_joining_subscriber_gets_the_current_gop_at_once_starting_with_its_keyframe()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, LoopbackSettings.Rtsp, _gate));
        var early = CreateTestProbe();
        session.Tell(new MediaSession.Subscribe(early, VideoTrack.Id, CreateTestProbe()), TestActor);
        await ExpectMsgAsync<MediaSession.Subscribed>();
        // A keyframe and five more pictures.
        Ingest(session, accessUnits.Take(6));
        var live = (await early.ReceiveNAsync(6).ToListAsync()).Cast<MediaSession.FrameAvailable>().Select(f => f.Packets).ToList();

        var joining = CreateTestProbe();
        session.Tell(new MediaSession.Subscribe(joining, VideoTrack.Id, CreateTestProbe()), TestActor);

        // No new frame arrives, yet the subscription is answered and the GOP delivered at once.
        var subscribed = await ExpectMsgAsync<MediaSession.Subscribed>(TimeSpan.FromMilliseconds(500));
        var catchUp = (await joining.ReceiveNAsync(6, TimeSpan.FromMilliseconds(500)).ToListAsync()).Cast<MediaSession.FrameAvailable>().Select(f => f.Packets).ToList();
        Assert.True(catchUp[0].IsKeyframe);
        Assert.Equal((catchUp[0].FirstSequenceNumber, catchUp[0].Timestamp), (subscribed.SequenceNumber, subscribed.RtpTime));
        Assert.Equal(live.Select(p => p.FirstSequenceNumber), catchUp.Select(p => p.FirstSequenceNumber));
        // The newest keeps its time; the older ones sit 1 ms apart before it, so the player is live at once.
        Assert.Equal(live[^1].Timestamp, catchUp[^1].Timestamp);
        Assert.All(catchUp.Zip(catchUp.Skip(1)), pair => Assert.Equal(GopCache.CatchUpSpacingTicks, pair.Second.Timestamp - pair.First.Timestamp));
        Assert.Same(live[^1], catchUp[^1]);

        // Then the live frames follow seamlessly, shared with the other subscriber.
        Ingest(session, accessUnits.Skip(6).Take(1));
        var next = (await joining.ExpectMsgAsync<MediaSession.FrameAvailable>()).Packets;
        Assert.Same((await early.ExpectMsgAsync<MediaSession.FrameAvailable>()).Packets, next);
        Assert.Equal((ushort)(live[^1].FirstSequenceNumber + live[^1].Count), next.FirstSequenceNumber);
        session.Tell(MediaSession.GetStats.Instance, TestActor);
        var stats = await ExpectMsgAsync<MediaSession.Stats>();
        Assert.Equal((7, 1L), (stats.GopCacheFrames, stats.InstantStarts));
    }

    [Fact]
    public async Task A_gop_larger_than_the_cache_bound_is_not_cached_and_a_subscriber_waits_for_the_next_keyframe()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var firstGopBytes = accessUnits.Take(EncodedTestStream.GopFrames).Sum(a => a.Length);
        var settings = LoopbackSettings.Rtsp with { GopCacheMaxBytes = firstGopBytes / 2 };
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, settings, _gate));
        Ingest(session, accessUnits.Take(EncodedTestStream.GopFrames - 1));

        var subscriber = CreateTestProbe();
        session.Tell(new MediaSession.Subscribe(subscriber, VideoTrack.Id, CreateTestProbe()), TestActor);
        await subscriber.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        Ingest(session, accessUnits.Skip(EncodedTestStream.GopFrames - 1).Take(2));

        Assert.True((await subscriber.ExpectMsgAsync<MediaSession.FrameAvailable>()).Packets.IsKeyframe);
        await ExpectMsgAsync<MediaSession.Subscribed>();
    }

    [Fact]
    public async Task Data_dropped_at_the_ingest_bound_empties_the_cache()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, LoopbackSettings.Rtsp, _gate));
        Ingest(session, accessUnits.Take(4));
        // The frame after a drop depends on the lost one: the session resynchronises at the next keyframe.
        _gate.Ingest(session, [accessUnits[5]], afterDrop: true);

        var subscriber = CreateTestProbe();
        session.Tell(new MediaSession.Subscribe(subscriber, VideoTrack.Id, CreateTestProbe()), TestActor);

        await subscriber.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        session.Tell(MediaSession.GetStats.Instance, TestActor);
        Assert.Equal(0, (await ExpectMsgAsync<MediaSession.Stats>()).GopCacheFrames);
    }

    /// <summary>0: a client resuming after PAUSE (it has had those frames); 1 byte: a transport that cannot take the GOP in one burst.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_subscriber_whose_transport_cannot_take_the_catch_up_waits_for_the_next_keyframe(long catchUpLimitBytes)
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, LoopbackSettings.Rtsp, _gate));
        Ingest(session, accessUnits.Take(5));
        var resuming = CreateTestProbe();

        session.Tell(new MediaSession.Subscribe(resuming, VideoTrack.Id, CreateTestProbe(), catchUpLimitBytes), TestActor);

        await resuming.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        Ingest(session, accessUnits.Skip(EncodedTestStream.GopFrames).Take(1));
        Assert.True((await resuming.ExpectMsgAsync<MediaSession.FrameAvailable>()).Packets.IsKeyframe);
    }

    private void Ingest(IActorRef session, IEnumerable<byte[]> accessUnits) => _gate.Ingest(session, accessUnits);
}
