using Akka.Actor;
using Akka.TestKit.Xunit;
using MediaActors.Configuration;
using MediaActors.Flow;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;
using MediaActors.Sessions;
using MediaActors.Testing;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Sessions;

/// <summary>Akka.TestKit scenarios of one session actor with probe subscribers.</summary>
public sealed class MediaSessionActorTests : TestKit
{
    private static readonly RtspServerSettings WithoutGopCache = LoopbackSettings.Rtsp with { GopCache = false };
    private readonly IngestGate _gate = new(LoopbackSettings.Rtsp.IngestQueueBytes);

    [Fact]
    public async Task Without_the_gop_cache_a_new_subscriber_starts_at_the_next_keyframe_and_learns_its_first_packet()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, WithoutGopCache, _gate));
        var subscriber = CreateTestProbe();
        Ingest(session, accessUnits.Take(3));

        session.Tell(new MediaSession.Subscribe(subscriber, VideoTrack.Id, CreateTestProbe()), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Ingest(session, accessUnits.Skip(3).Take(EncodedTestStream.GopFrames));

        var subscribed = ExpectMsg<MediaSession.Subscribed>();
        var first = subscriber.ExpectMsg<MediaSession.FrameAvailable>();
        Assert.True(first.Packets.IsKeyframe);
        Assert.Equal(first.Packets.FirstSequenceNumber, subscribed.SequenceNumber);
        Assert.Equal(first.Packets.Timestamp, subscribed.RtpTime);
    }

    [Fact]
    public async Task A_subscriber_that_does_not_acknowledge_gets_no_more_than_the_bound_then_resumes_at_a_keyframe()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        const int bound = 8;
        var settings = LoopbackSettings.Rtsp with { ClientFramesInFlight = bound };
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, settings, _gate));
        var slow = CreateTestProbe();
        session.Tell(new MediaSession.Subscribe(slow, VideoTrack.Id, CreateTestProbe()), TestActor);
        ExpectMsg<MediaSession.Subscribed>();

        Ingest(session, accessUnits.Take(EncodedTestStream.GopFrames));
        var received = slow.ReceiveN(bound).Cast<MediaSession.FrameAvailable>().ToList();
        slow.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.True(received[0].Packets.IsKeyframe);

        session.Tell(new FrameFlow.Request(received.Count), slow);
        Ingest(session, accessUnits.Skip(EncodedTestStream.GopFrames).Take(2));
        var resumed = slow.ExpectMsg<MediaSession.FrameAvailable>();
        Assert.True(resumed.Packets.IsKeyframe, "after skipping, delivery resumes at a keyframe");
        session.Tell(MediaSession.GetStats.Instance, TestActor);
        var stats = ExpectMsg<MediaSession.Stats>();
        Assert.Equal(EncodedTestStream.GopFrames - bound, stats.SubscriberFramesSkipped);
        Assert.Equal(EncodedTestStream.GopFrames + 2, stats.AccessUnits);
    }

    [Fact]
    public async Task What_the_session_handed_its_readers_stays_counted_after_they_leave()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        const int bound = 8;
        var settings = LoopbackSettings.Rtsp with { ClientFramesInFlight = bound };
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, settings, _gate));
        var slow = CreateTestProbe();
        session.Tell(new MediaSession.Subscribe(slow, VideoTrack.Id, CreateTestProbe()), TestActor);
        ExpectMsg<MediaSession.Subscribed>();
        Ingest(session, accessUnits.Take(EncodedTestStream.GopFrames));
        var received = slow.ReceiveN(bound).Cast<MediaSession.FrameAvailable>().ToList();

        session.Tell(MediaSession.GetStats.Instance, TestActor);
        var playing = ExpectMsg<MediaSession.Stats>().Readers;
        Watch(slow);
        slow.Tell(PoisonPill.Instance);
        ExpectTerminated(slow);
        AwaitAssert(() =>
        {
            session.Tell(MediaSession.GetStats.Instance, TestActor);
            Assert.Equal(0, ExpectMsg<MediaSession.Stats>().Subscribers);
        });
        session.Tell(MediaSession.GetStats.Instance, TestActor);
        var left = ExpectMsg<MediaSession.Stats>().Readers;

        Assert.Equal(received.Sum(frame => frame.Packets.Count), playing.Packets);
        Assert.Equal(received.Sum(frame => (long)frame.Packets.TotalBytes), playing.Bytes);
        Assert.Equal(EncodedTestStream.GopFrames - bound, playing.FramesDropped);
        Assert.Equal(playing, left);
    }

    [Fact]
    public async Task Every_subscriber_shares_the_same_packets()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, LoopbackSettings.Rtsp, _gate));
        var one = CreateTestProbe();
        var two = CreateTestProbe();
        foreach (var probe in new[] { one, two })
        {
            session.Tell(new MediaSession.Subscribe(probe, VideoTrack.Id, CreateTestProbe()), TestActor);
            ExpectMsg<MediaSession.Subscribed>();
        }

        Ingest(session, accessUnits.Take(1));

        Assert.Same(one.ExpectMsg<MediaSession.FrameAvailable>().Packets, two.ExpectMsg<MediaSession.FrameAvailable>().Packets);
    }

    [Fact]
    public async Task Parameter_sets_alone_make_describe_answerable()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, LoopbackSettings.Rtsp, _gate));
        session.Tell(new MediaSession.Describe(WaitForParameterSets: true), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // Only the SPS and PPS of the first access unit, as an encoder's header call hands them out.
        var nalUnits = new List<NalUnitRange>();
        AnnexB.Split(accessUnits[0], nalUnits);
        var parameterSets = accessUnits[0].AsMemory(0, nalUnits[2].Offset);
        _gate.TryEnter(parameterSets.Length, out _);
        session.Tell(new MediaSession.IngestVideo(parameterSets.ToArray(), 1000, MonotonicClock.NowMicros, AfterDrop: false));

        var described = ExpectMsg<MediaSession.Described>();
        Assert.Contains("sprop-parameter-sets=", described.Tracks[0].Media.FormatParameters);
        Assert.Contains("framesize:96 320-240", described.Tracks[0].Media.ExtraAttributes);
    }

    [Fact]
    public async Task A_truncated_sps_does_not_make_the_stream_describable_nor_break_the_session()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, LoopbackSettings.Rtsp, _gate));
        Ingest(session, new[] { new byte[] { 0, 0, 0, 1, 0x67, 0x4d }, new byte[] { 0, 0, 0, 1, 0x68, 0xee, 0x3c, 0x80 } });

        session.Tell(new MediaSession.Describe(WaitForParameterSets: true), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Ingest(session, accessUnits.Take(1));

        Assert.Contains("sprop-parameter-sets=", ExpectMsg<MediaSession.Described>().Tracks[0].Media.FormatParameters);
    }

    [Fact]
    public async Task A_subscriber_gets_a_sender_report_with_its_start_and_then_every_interval()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var settings = WithoutGopCache with { RtcpInterval = TimeSpan.FromMilliseconds(300) };
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, settings, _gate));
        Ingest(session, accessUnits.Take(5));
        session.Tell(new MediaSession.Describe(WaitForParameterSets: true), TestActor);
        var track = ExpectMsg<MediaSession.Described>().Tracks[0];
        var subscriber = CreateTestProbe();
        var reports = CreateTestProbe();

        session.Tell(new MediaSession.Subscribe(subscriber, VideoTrack.Id, reports), TestActor);
        reports.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Ingest(session, accessUnits.Skip(EncodedTestStream.GopFrames).Take(1));

        Assert.True(subscriber.ExpectMsg<MediaSession.FrameAvailable>().Packets.IsKeyframe);
        var first = ExpectMsg<MediaSession.Subscribed>().FirstReport!;
        Assert.Equal(subscriber.Ref, first.Subscriber);
        Assert.Equal(track.Ssrc, first.Report.Ssrc);
        Assert.True(first.Report.PacketCount >= 5, $"packet count {first.Report.PacketCount} after five pictures");
        Assert.InRange(first.Report.NtpTimestamp.ToDateTime(), DateTime.UtcNow.AddSeconds(-2), DateTime.UtcNow.AddSeconds(1));
        Assert.StartsWith("mediaactors-", first.Cname);
        var next = reports.ExpectMsg<MediaSession.SenderReport>(TimeSpan.FromSeconds(2));
        // No new pictures came in between, yet the report's RTP time advances with the wall clock.
        var elapsedTicks = (long)((next.Report.NtpTimestamp.ToDateTime() - first.Report.NtpTimestamp.ToDateTime()).TotalSeconds * 90_000);
        Assert.InRange((long)(uint)(next.Report.RtpTimestamp - first.Report.RtpTimestamp), elapsedTicks - 900, elapsedTicks + 900);
    }

    [Fact]
    public void Audio_the_session_cannot_use_is_counted_and_published()
    {
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, Codec.Aac, LoopbackSettings.Rtsp, _gate));
        byte[] notAdts = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        _gate.TryEnter(notAdts.Length, out _);

        session.Tell(new MediaSession.IngestAudio(notAdts, 1000, MonotonicClock.NowMicros));
        session.Tell(MediaSession.GetStats.Instance, TestActor);

        var stats = ExpectMsg<MediaSession.Stats>();
        Assert.Equal((1L, 0L), (stats.AudioChunksRejected, stats.IngestQueuedBytes));
    }

    private void Ingest(IActorRef session, IEnumerable<byte[]> accessUnits) => _gate.Ingest(session, accessUnits);
}
