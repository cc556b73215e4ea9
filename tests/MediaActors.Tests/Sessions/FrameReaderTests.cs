using Akka.Actor;
using Akka.TestKit.Xunit;
using MediaActors.Flow;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;
using MediaActors.Sessions;
using MediaActors.Testing;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Sessions;

/// <summary>Readers of a session's frames on its node (muxers, recorders): format first, the GOP with its own times, audio alongside, credit.</summary>
public sealed class FrameReaderTests : TestKit
{
    private readonly IngestGate _gate = new(LoopbackSettings.Rtsp.IngestQueueBytes);

    [Fact]
    public async Task A_reader_gets_the_format_then_the_cached_gop_as_access_units_with_their_own_times_then_live_frames()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, LoopbackSettings.Rtsp, _gate));
        Ingest(session, accessUnits.Take(6), spacingMs: 20);

        session.Tell(new MediaSession.ReadFrames(Credit: 100), TestActor);

        var format = await ExpectMsgAsync<MediaSession.FrameFormat>();
        Assert.Equal((Codec.H264, 2, (Codec?)null), (format.Video, format.ParameterSets.Count, format.Audio));
        var cached = (await ReceiveNAsync(6).ToListAsync()).Cast<EncodedFrame>().ToList();
        Assert.True(cached[0].IsKeyframe);
        // The pictures' own spacing (about 20 ms), not the RTP clients' compressed catch-up (1 ms).
        Assert.All(cached.Zip(cached.Skip(1)), pair => Assert.InRange(pair.Second.CaptureTimeMicros - pair.First.CaptureTimeMicros, 10_000, 200_000));
        // Access units come out as they went in (Annex-B, the same NAL units).
        Assert.Equal(accessUnits[1].Length, cached[1].Data.Length);

        Ingest(session, accessUnits.Skip(6).Take(1), spacingMs: 0);
        var live = await ExpectMsgAsync<EncodedFrame>();
        Assert.True(live.CaptureTimeMicros > cached[^1].CaptureTimeMicros);
    }

    [Fact]
    public async Task A_reader_told_a_format_before_the_first_aac_frame_is_told_again_with_its_configuration_and_the_gop()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var aac = await EncodedTestAudio.GetChunksAsync(AudioType.Aac);
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, Codec.Aac, LoopbackSettings.Rtsp, _gate));
        session.Tell(new MediaSession.ReadFrames(Credit: 100), TestActor);
        Ingest(session, accessUnits.Take(3), spacingMs: 0);

        var withoutAudio = await ExpectMsgAsync<MediaSession.FrameFormat>();
        Assert.Equal((Codec?)Codec.Aac, withoutAudio.Audio);
        Assert.Null(withoutAudio.AacConfig);
        await ReceiveNAsync(3).ToListAsync();

        Assert.True(_gate.TryEnter(aac[0].Length, out _));
        session.Tell(new MediaSession.IngestAudio(aac[0], 0, MonotonicClock.NowMicros));

        var withAudio = await FishForMessageAsync<MediaSession.FrameFormat>(_ => true);
        Assert.NotNull(withAudio.AacConfig);
        var replayed = (await ReceiveNAsync(3).ToListAsync()).OfType<EncodedFrame>().ToList();
        Assert.True(replayed[0].IsKeyframe);
    }

    [Fact]
    public async Task A_reader_out_of_credit_skips_to_the_next_keyframe_and_a_detached_one_gets_nothing()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, LoopbackSettings.Rtsp, _gate));
        session.Tell(new MediaSession.ReadFrames(Credit: 2), TestActor);
        Ingest(session, accessUnits.Take(EncodedTestStream.GopFrames), spacingMs: 0);

        await ExpectMsgAsync<MediaSession.FrameFormat>();
        var first = (await ReceiveNAsync(2).ToListAsync()).Cast<EncodedFrame>().ToList();
        Assert.True(first[0].IsKeyframe);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        session.Tell(new FrameFlow.Request(2), TestActor);
        Ingest(session, accessUnits.Skip(EncodedTestStream.GopFrames).Take(1), spacingMs: 0);
        // The rest of the first GOP was missed: the next frame is the next keyframe.
        Assert.True((await ExpectMsgAsync<EncodedFrame>()).IsKeyframe);

        session.Tell(FrameFlow.Detach.Instance, TestActor);
        Ingest(session, accessUnits.Skip(EncodedTestStream.GopFrames + 1).Take(2), spacingMs: 0);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    private void Ingest(IActorRef session, IEnumerable<byte[]> accessUnits, int spacingMs)
    {
        foreach (var accessUnit in accessUnits)
        {
            _gate.Ingest(session, [accessUnit]);
            if (spacingMs > 0)
            {
                Thread.Sleep(spacingMs);
            }
        }
    }
}
