using System.Diagnostics;
using MediaActors.Protocol.Formats;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Sources;

/// <summary>Encoders publish to the server with ANNOUNCE/RECORD (ffmpeg -f rtsp, GStreamer rtspclientsink) and players read what they publish.</summary>
public sealed class PublishTests
{
    private static readonly TimeSpan Appears = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("tcp", "pcm_mulaw")]
    [InlineData("udp", "aac")]
    public async Task What_ffmpeg_publishes_is_read_by_ffprobe_and_gstreamer(string transport, string audio)
    {
        await using var serve = await ServeProcess.StartAsync();
        var url = serve.UrlOf("live/cam");
        await using var publisher = FfmpegPublisher.Start(url, transport, audio);

        var streams = await ProbeWhenPublishedAsync(url);
        var decoded = await GStreamer.DecodeAsync(url, "tcp", "rtph264depay ! h264parse ! avdec_h264", frames: 50);

        Assert.Equal(("h264", 640, 360), (streams[0].CodecName, streams[0].Width, streams[0].Height));
        Assert.Equal(audio, streams[1].CodecName);
        Assert.True(decoded.Succeeded, decoded.ToString());
        Assert.True(serve.LogLines("records live/cam").Count == 1, serve.Log);
    }

    [Fact]
    public async Task What_gstreamer_rtspclientsink_publishes_is_read_by_ffprobe()
    {
        await using var serve = await ServeProcess.StartAsync();
        var url = serve.UrlOf("live/gst");
        var publishing = ExternalTool.RunAsync("gst-launch-1.0", new[]
        {
            "-q", "videotestsrc", "is-live=true", "num-buffers=250", "!", "video/x-raw,width=320,height=240,framerate=25/1", "!",
            "x264enc", "tune=zerolatency", "speed-preset=ultrafast", "key-int-max=25", "!", "rtspclientsink", $"location={url}",
        }, TimeSpan.FromSeconds(15));

        var streams = await ProbeWhenPublishedAsync(url);

        Assert.Equal(("h264", 320, 240), (Assert.Single(streams).CodecName, streams[0].Width, streams[0].Height));
        await publishing;
    }

    /// <summary>The publisher dies; its reader stays connected, and a new publisher within the linger continues the stream for it.</summary>
    [Fact]
    public async Task A_reader_stays_through_a_publisher_drop_and_goes_on_with_the_next_publisher()
    {
        await using var serve = await ServeProcess.StartAsync();
        var url = serve.UrlOf("live/cam");
        var first = FfmpegPublisher.Start(url, "tcp");
        await ProbeWhenPublishedAsync(url);
        await using var reader = await RtspTestClient.ConnectAsync(serve.Port);
        await reader.SetupAndPlayAsync(url);
        var probe = new RtpProbe(Codec.H264);
        await reader.ReadRtpAsync(probe, pictures: 25);

        // The first publisher dies (no TEARDOWN): a drop.
        await first.DisposeAsync();
        var second = Stopwatch.GetTimestamp();
        await using var republishing = FfmpegPublisher.Start(url, "udp");
        while (probe.Pictures.Count(picture => picture.ArrivedAt > second) < 50)
        {
            await reader.ReadRtpAsync(probe, probe.Pictures.Count + 1);
        }

        Assert.True(probe.Pictures.First(picture => picture.ArrivedAt > second).IsKeyframe, "the next publisher's stream starts at a keyframe");
        Assert.Equal(0, probe.Lost);
        Assert.Equal(0, probe.TimestampRegressions);
        Assert.True(serve.LogLines("the publisher disconnected").Count == 1, serve.Log);
    }

    [Fact]
    public async Task Publishers_authenticate_apart_from_readers_and_a_published_path_is_not_taken()
    {
        await using var serve = await ServeProcess.StartAsync("--publish-user", "encoder", "--publish-password", "pub-secret");
        var url = serve.UrlOf("live/cam");

        await using var anonymous = FfmpegPublisher.Start(url, "tcp");
        var refusedAnonymous = await anonymous.RefusedAsync(TimeSpan.FromSeconds(15));
        await using var publisher = FfmpegPublisher.Start(WithCredentials(url, "encoder", "pub-secret"), "tcp");
        var streams = await ProbeWhenPublishedAsync(url);
        await using var second = FfmpegPublisher.Start(WithCredentials(url, "encoder", "pub-secret"), "tcp");
        var refusedSecond = await second.RefusedAsync(TimeSpan.FromSeconds(15));

        Assert.Contains("401", refusedAnonymous, StringComparison.Ordinal);
        Assert.Equal("h264", Assert.Single(streams).CodecName);
        Assert.Contains("403", refusedSecond, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_publish_refuses_publishers_with_403()
    {
        await using var serve = await ServeProcess.StartAsync("--no-publish");

        await using var publisher = FfmpegPublisher.Start(serve.UrlOf("live/cam"), "tcp");

        Assert.Contains("403", await publisher.RefusedAsync(TimeSpan.FromSeconds(15)), StringComparison.Ordinal);
    }

    /// <summary>The streams of a published path, once its publisher got it going.</summary>
    internal static async Task<IReadOnlyList<ProbedStream>> ProbeWhenPublishedAsync(string url)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var result = await ExternalTool.RunAsync("ffprobe", new[] { "-v", "error", "-rtsp_transport", "tcp", "-show_entries", "stream=codec_name", "-of", "csv", url },
                TimeSpan.FromSeconds(10));
            if (result.ExitCode == 0 && result.StandardOutput.Contains("h264", StringComparison.Ordinal))
            {
                return await Ffprobe.StreamsAsync(url, "tcp");
            }

            Assert.True(deadline.Elapsed < Appears, $"{url} was not published within {Appears}: {result}");
            await Task.Delay(250);
        }
    }

    private static string WithCredentials(string url, string user, string password) =>
        url.Replace("rtsp://", $"rtsp://{user}:{password}@", StringComparison.Ordinal);
}
