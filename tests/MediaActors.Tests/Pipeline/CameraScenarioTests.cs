using System.Buffers;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit;
using MediaActors.Flow;
using MediaActors.Hardware;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;
using MediaActors.Sessions;
using MediaActors.Testing;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Pipeline;

/// <summary>
/// Akka.TestKit scenarios of the capture side: a real synthetic sensor paced at 30 fps, an encoder
/// stand-in (<see cref="ScriptedVideoEncoder"/>) and the real camera and session actors.
/// </summary>
public sealed class CameraScenarioTests : TestKit
{
    [Fact]
    public async Task A_consumer_that_grants_nothing_more_receives_nothing_more_and_resumes_at_a_keyframe()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var camera = StartCamera(accessUnits);
        var consumer = CreateTestProbe();

        camera.Tell(new FrameFlow.Attach(2), consumer);

        var granted = (await consumer.ReceiveNAsync(2, TimeSpan.FromSeconds(3)).ToListAsync()).Cast<EncodedFrame>().ToList();
        Assert.True(granted[0].IsKeyframe, "a consumer starts at a keyframe");
        await consumer.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500));
        var stats = await camera.Ask<Camera.CameraStats>(Camera.GetStats.Instance, TimeSpan.FromSeconds(3));
        var consumerStats = Assert.Single(stats.Consumers);
        Assert.Equal((2L, 0), (consumerStats.Sent, consumerStats.Credit));
        Assert.True(consumerStats.Dropped >= 5, $"the camera went on without the consumer, dropping {consumerStats.Dropped} of its frames");

        camera.Tell(new FrameFlow.Request(1), consumer);
        // Up to a GOP away; generous, because the whole suite starting at once can starve the scripted camera for seconds.
        var resumed = await consumer.ExpectMsgAsync<EncodedFrame>(TimeSpan.FromSeconds(10));
        Assert.True(resumed.IsKeyframe, "after missing frames a consumer resumes at a keyframe");
        await consumer.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task The_sensor_drops_whole_frames_while_its_encoder_grants_no_credit()
    {
        using var sensor = new SyntheticNv12Sensor(ScriptedCamera.Format);
        var sensorActor = Sys.ActorOf(SensorActor.Props(sensor));
        var slowEncoder = CreateTestProbe();

        sensorActor.Tell(new FrameFlow.Attach(1), slowEncoder);

        var frame = await slowEncoder.ExpectMsgAsync<Camera.RawFrame>(TimeSpan.FromSeconds(3));
        Assert.Equal(ScriptedCamera.Format.FrameSizeBytes, frame.Length);
        ArrayPool<byte>.Shared.Return(frame.Buffer);
        await slowEncoder.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(400));
        sensorActor.Tell(Camera.GetStats.Instance, TestActor);
        var stats = await ExpectMsgAsync<Camera.SensorStats>();
        Assert.Equal((1L, 0), (stats.Captured, stats.Credit));
        Assert.True(stats.Dropped >= 8, $"about 12 frames fell due in 400 ms, {stats.Dropped} were dropped");

        sensorActor.Tell(new FrameFlow.Request(1), slowEncoder);
        ArrayPool<byte>.Shared.Return((await slowEncoder.ExpectMsgAsync<Camera.RawFrame>(TimeSpan.FromSeconds(1))).Buffer);
        await slowEncoder.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_session_pulls_from_its_camera_within_its_credit()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var camera = StartCamera(accessUnits);
        var settings = LoopbackSettings.Rtsp with { SourceCredit = 2 };
        var session = Sys.ActorOf(MediaSessionActor.Props("pulled", Codec.H264, null, settings, new IngestGate(settings.IngestQueueBytes)));
        var subscriber = this.AcknowledgingSubscriber(Sys, session);

        session.Tell(new MediaSession.PullFrom(camera));

        var frames = (await subscriber.ReceiveNAsync(10, TimeSpan.FromSeconds(5)).ToListAsync()).Cast<MediaSession.FrameAvailable>().ToList();
        Assert.True(frames[0].Packets.IsKeyframe);
        var stats = await camera.Ask<Camera.CameraStats>(Camera.GetStats.Instance, TimeSpan.FromSeconds(3));
        var sessionAsConsumer = Assert.Single(stats.Consumers);
        Assert.Equal(session, sessionAsConsumer.Consumer);
        Assert.InRange(sessionAsConsumer.Credit, 0, settings.SourceCredit);
        Assert.Equal(0, sessionAsConsumer.Dropped);
    }

    [Fact]
    public async Task An_encoder_that_dies_is_restarted_and_the_sessions_subscribers_keep_receiving_from_a_keyframe()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var encodersMade = 0;
        // The first encoder dies after 20 frames, like an ffmpeg child that was killed; its successor lives.
        var camera = StartCamera(accessUnits, () => new ScriptedVideoEncoder(accessUnits, ScriptedCamera.Format, failAfterFrames: Interlocked.Increment(ref encodersMade) == 1 ? 20 : null));
        var settings = LoopbackSettings.Rtsp;
        var session = Sys.ActorOf(MediaSessionActor.Props("healing", Codec.H264, null, settings, new IngestGate(settings.IngestQueueBytes)));
        var subscriber = this.AcknowledgingSubscriber(Sys, session);
        Watch(subscriber.Ref);
        session.Tell(new MediaSession.PullFrom(camera));

        var beforeCrash = (await subscriber.ReceiveNAsync(20, TimeSpan.FromSeconds(5)).ToListAsync()).Cast<MediaSession.FrameAvailable>().ToList();
        var afterRestart = await subscriber.ExpectMsgAsync<MediaSession.FrameAvailable>(TimeSpan.FromSeconds(5));

        Assert.True(afterRestart.Packets.IsKeyframe, "the new encoder's first frame is a keyframe");
        var last = beforeCrash[^1].Packets;
        Assert.Equal((ushort)(last.FirstSequenceNumber + last.Count), afterRestart.Packets.FirstSequenceNumber);
        await subscriber.ReceiveNAsync(10, TimeSpan.FromSeconds(3)).ToListAsync();
        Assert.Equal(2, Volatile.Read(ref encodersMade));
        var cameraStats = await camera.Ask<Camera.CameraStats>(Camera.GetStats.Instance, TimeSpan.FromSeconds(3));
        Assert.Equal(1, cameraStats.Restarts);
        var sessionStats = await session.Ask<MediaSession.Stats>(MediaSession.GetStats.Instance, TimeSpan.FromSeconds(3));
        Assert.Equal(1, sessionStats.Subscribers);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    private IActorRef StartCamera(IReadOnlyList<byte[]> accessUnits, Func<IVideoEncoder>? encoderFactory = null) =>
        Sys.ActorOf(ScriptedCamera.Props(accessUnits, encoderFactory: encoderFactory));
}
