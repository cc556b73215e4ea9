using Akka.TestKit.Xunit;
using MediaActors.Hardware;
using MediaActors.Pipeline;
using MediaActors.Sessions;
using MediaActors.Testing;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.Pipeline;

/// <summary>The all-actor path: a real sensor and ffmpeg encoder under a camera, a session pulling from it, a real RTSP client.</summary>
public sealed class PulledSessionPlaybackTests : TestKit
{
    [Fact]
    public async Task A_session_fed_by_PullVideoFrom_plays_frames_stamped_with_their_capture_times()
    {
        var format = new VideoFormat(EncodedTestStream.Width, EncodedTestStream.Height, EncodedTestStream.FramesPerSecond);
        var encoderSettings = new EncoderSettings(format, BitrateKbps: 500, GopFrames: 15);
        using var sensor = new SyntheticNv12Sensor(format);
        var cameraSettings = CameraSettings.FromConfig(Akka.Configuration.Config.Empty);
        await using var camera = CameraPipeline.Start(Sys, new SensorAndEncoder(sensor, () => new FfmpegVideoEncoder(encoderSettings)), cameraSettings);
        var server = new RtspServer(Sys, LoopbackSettings.Rtsp);
        server.Init(0);
        server.CreateSession("pulled", VideoType.H264, enableAudio: false);
        server.Start();

        server.PullVideoFrom("pulled", camera.Camera);

        await using var client = await RtspTestClient.ConnectAsync(server.Port);
        var describe = await client.RequestAsync("DESCRIBE", $"rtsp://127.0.0.1:{server.Port}/pulled");
        Assert.Equal(200, describe.Status);
        await client.SetupAndPlayAsync($"rtsp://127.0.0.1:{server.Port}/pulled");
        var collector = new RtpCollector();
        await collector.CollectAsync(client, 45);

        Assert.Equal(0, collector.Probe.Lost);
        Assert.True(collector.Probe.StartedAtKeyframe);
        // Live frames (after the GOP cache's catch-up) are 33 ms apart on the capture clock.
        var steps = collector.Probe.TimestampSteps().SkipWhile(step => step == GopCache.CatchUpSpacingTicks).ToList();
        Assert.True(steps.Count(step => Math.Abs(step - 3000) <= 300) >= steps.Count * 0.8, string.Join(", ", steps));
        server.Destroy();
    }

    [Fact]
    public void PullVideoFrom_an_unknown_session_names_it()
    {
        var server = new RtspServer(Sys, LoopbackSettings.Rtsp);
        server.Init(0);

        var error = Assert.Throws<RtspSessionNotFoundException>(() => server.PullVideoFrom("nope", TestActor));

        Assert.Contains("nope", error.Message);
        server.Destroy();
    }
}
