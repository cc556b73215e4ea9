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
        var publishing = PublishWithFfmpegAsync(url, transport, audio, TimeSpan.FromSeconds(12));

        var streams = await ProbeWhenPublishedAsync(url);
        var decoded = await GStreamer.DecodeAsync(url, "tcp", "rtph264depay ! h264parse ! avdec_h264", frames: 50);

        Assert.Equal(("h264", 640, 360), (streams[0].CodecName, streams[0].Width, streams[0].Height));
        Assert.Equal(audio, streams[1].CodecName);
        Assert.True(decoded.Succeeded, decoded.ToString());
        Assert.True(serve.LogLines("records live/cam").Count == 1, serve.Log);
        await publishing;
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
        var first = PublishWithFfmpegAsync(url, "tcp", audio: null, TimeSpan.FromSeconds(6));
        await ProbeWhenPublishedAsync(url);
        await using var reader = await RtspTestClient.ConnectAsync(serve.Port);
        await reader.SetupAndPlayAsync(url);
        var probe = new RtpProbe(Codec.H264);
        await reader.ReadRtpAsync(probe, pictures: 25);

        // The first publisher is killed at its deadline (no TEARDOWN): a drop.
        await first;
        var second = Stopwatch.GetTimestamp();
        var republishing = PublishWithFfmpegAsync(url, "udp", audio: null, TimeSpan.FromSeconds(8));
        while (probe.Pictures.Count(picture => picture.ArrivedAt > second) < 50)
        {
            await reader.ReadRtpAsync(probe, probe.Pictures.Count + 1);
        }

        Assert.True(probe.Pictures.First(picture => picture.ArrivedAt > second).IsKeyframe, "the next publisher's stream starts at a keyframe");
        Assert.Equal(0, probe.Lost);
        Assert.Equal(0, probe.TimestampRegressions);
        Assert.True(serve.LogLines("the publisher disconnected").Count == 1, serve.Log);
        await republishing;
    }

    [Fact]
    public async Task Publishers_authenticate_apart_from_readers_and_a_published_path_is_not_taken()
    {
        await using var serve = await ServeProcess.StartAsync("--publish-user", "encoder", "--publish-password", "pub-secret");
        var url = serve.UrlOf("live/cam");

        var anonymous = await PublishWithFfmpegAsync(url, "tcp", audio: null, TimeSpan.FromSeconds(10));
        var publishing = PublishWithFfmpegAsync(WithCredentials(url, "encoder", "pub-secret"), "tcp", audio: null, TimeSpan.FromSeconds(10));
        var streams = await ProbeWhenPublishedAsync(url);
        var second = await PublishWithFfmpegAsync(WithCredentials(url, "encoder", "pub-secret"), "tcp", audio: null, TimeSpan.FromSeconds(10));

        Assert.Contains("401", anonymous.StandardError, StringComparison.Ordinal);
        Assert.Equal("h264", Assert.Single(streams).CodecName);
        Assert.Contains("403", second.StandardError, StringComparison.Ordinal);
        await publishing;
    }

    [Fact]
    public async Task No_publish_refuses_publishers_with_403()
    {
        await using var serve = await ServeProcess.StartAsync("--no-publish");

        var refused = await PublishWithFfmpegAsync(serve.UrlOf("live/cam"), "tcp", audio: null, TimeSpan.FromSeconds(10));

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("403", refused.StandardError, StringComparison.Ordinal);
    }

    /// <summary>ffmpeg publishing a live test pattern (and a tone) to <paramref name="url"/> until <paramref name="runFor"/> ends it (a kill, not a TEARDOWN).</summary>
    internal static Task<ToolResult> PublishWithFfmpegAsync(string url, string transport, string? audio, TimeSpan runFor)
    {
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25" };
        if (audio is not null)
        {
            arguments.AddRange(["-f", "lavfi", "-i", $"sine=frequency=440:sample_rate={(audio == "aac" ? 44100 : 8000)}"]);
        }

        arguments.AddRange(["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25"]);
        if (audio is not null)
        {
            arguments.AddRange(["-c:a", audio == "aac" ? "aac" : audio]);
        }

        arguments.AddRange(["-f", "rtsp", "-rtsp_transport", transport, url]);
        return ExternalTool.RunAsync("ffmpeg", arguments, runFor);
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
