using MediaActors.Testing.Peers;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Peers;

/// <summary>The gst-rtsp-server camera the pull (and push) tests start as their peer.</summary>
public sealed class GstRtspCameraTests
{
    [Fact(Timeout = 30_000)]
    public async Task The_camera_serves_h264_and_pcmu_that_ffprobe_reads()
    {
        await using var camera = await GstRtspCamera.StartAsync(new GstCameraOptions { Codec = "h264", Audio = "pcmu" });

        var streams = await Ffprobe.StreamsAsync(camera.Url, "tcp");

        Assert.Equal(["h264", "pcm_mulaw"], streams.Select(stream => stream.CodecName));
        Assert.Equal((640, 360), (streams[0].Width, streams[0].Height));
        Assert.StartsWith($"rtsp://127.0.0.1:{camera.Port}/cam", camera.Url, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_camera_with_a_password_asks_for_digest_and_a_killed_one_is_gone()
    {
        await using var camera = await GstRtspCamera.StartAsync(new GstCameraOptions { User = "admin", Password = "secret" });

        var refused = await ExternalTool.RunAsync("ffprobe", ["-v", "error", "-rtsp_transport", "tcp", "-i", camera.Url], TimeSpan.FromSeconds(20));
        var streams = await Ffprobe.CodecsAsync(camera.UrlWithCredentials, "tcp");
        await camera.KillAsync();

        Assert.Contains("401", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(["h264"], streams);
        Assert.True(camera.HasExited);
    }
}
