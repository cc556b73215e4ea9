using System.Diagnostics;
using MediaActors.Testing.Processes;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.EndToEnd;

/// <summary>
/// `serve --source ffmpeg:"ARGS"` and `v4l2:DEVICE`: any ffmpeg input as the camera, encoded when it is
/// not the session's codec, passed through when it is; its ffmpeg restarted when it dies; a bad input
/// refused at start.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class FfmpegInputTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mediaactors-ffmpeg-input-").FullName;

    [Fact]
    public async Task A_lavfi_pattern_is_encoded_with_libx264_chosen_by_auto_and_served()
    {
        var clock = Stopwatch.StartNew();
        await using var serve = await ServeProcess.StartAsync("--source", "ffmpeg:-f lavfi -i testsrc2=size=640x360:rate=25");

        var streams = await Ffprobe.StreamsAsync(serve.UrlOf("test"), "tcp");

        Assert.Equal(("h264", 640, 360), (Assert.Single(streams).CodecName, streams[0].Width, streams[0].Height));
        var decision = Assert.Single(serve.LogLines("ffmpeg input '-f lavfi -i testsrc2=size=640x360:rate=25'"));
        // No hardware here: auto says it looked and why it fell back.
        Assert.Contains("encoding with libx264 (auto: ", decision, StringComparison.Ordinal);
        var ffmpeg = Assert.Single(FfmpegInputs(serve));
        Assert.Contains("libx264", ProcessTree.CommandLine(ffmpeg));
        Assert.Contains("lavfi", ProcessTree.CommandLine(ffmpeg));

        Assert.True(await serve.TerminateAsync(), "serve did not exit within 15 s of SIGTERM:\n" + serve.Log);
        Assert.False(ProcessTree.IsAlive(ffmpeg), $"ffmpeg {ffmpeg} outlived serve");
        output.WriteLine($"{decision.Trim()}\n{clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task An_h264_stream_already_in_the_sessions_codec_is_passed_through_without_encoding()
    {
        // Five seconds of 25 fps H.264 with a keyframe every second (no B-frames: see ARCHITECTURE.md, known limits).
        var file = Path.Combine(_directory, "clip.h264");
        await MakeAsync("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-frames:v", "125",
            "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-g", "25", "-f", "h264", file);
        await using var serve = await ServeProcess.StartAsync("--source", $"ffmpeg:-re -stream_loop -1 -i '{file}'");

        var streams = await Ffprobe.StreamsAsync(serve.UrlOf("test"), "tcp");

        Assert.Equal(("h264", 320, 240), (Assert.Single(streams).CodecName, streams[0].Width, streams[0].Height));
        var command = ProcessTree.CommandLine(Assert.Single(FfmpegInputs(serve)));
        Assert.Contains("-c:v copy -bsf:v h264_mp4toannexb", string.Join(' ', command), StringComparison.Ordinal);
        Assert.DoesNotContain(command, argument => argument.StartsWith("libx26", StringComparison.Ordinal));
        Assert.Contains(file, command);
        Assert.Contains("passed through without re-encoding", serve.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_h265_mp4_is_passed_through_to_an_h265_session()
    {
        var file = Path.Combine(_directory, "clip.mp4");
        await MakeAsync("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-frames:v", "50",
            "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error:bframes=0", "-g", "25", file);
        await using var serve = await ServeProcess.StartAsync("--codec", "h265", "--source", $"ffmpeg:-re -stream_loop -1 -i \"{file}\"");

        var streams = await Ffprobe.StreamsAsync(serve.UrlOf("test"), "tcp");

        Assert.Equal(("hevc", 320, 240), (Assert.Single(streams).CodecName, streams[0].Width, streams[0].Height));
        var command = string.Join(' ', ProcessTree.CommandLine(Assert.Single(FfmpegInputs(serve))));
        Assert.Contains("-c:v copy -bsf:v hevc_mp4toannexb", command, StringComparison.Ordinal);
        Assert.DoesNotContain("libx265", command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killing_ffmpeg_restarts_it_and_a_playing_client_stays_connected_and_resumes_at_a_keyframe()
    {
        await using var serve = await ServeProcess.StartAsync("--gop", "25", "--source", "ffmpeg:-f lavfi -i testsrc2=size=320x240:rate=25");
        var old = Assert.Single(FfmpegInputs(serve));
        await using var client = await RtspTestClient.ConnectAsync(serve.Port);
        client.ReadTimeout = TimeSpan.FromSeconds(10);
        var session = await client.SetupAndPlayAsync(serve.Url);
        var collector = new RtpCollector();
        await collector.CollectAsync(client, 25);

        var clock = Stopwatch.StartNew();
        Process.GetProcessById(old).Kill();
        var playedBefore = collector.AccessUnits.Count;
        TimeSpan? keyframeAfterKill = null;
        while (keyframeAfterKill is null)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "no keyframe within 15 s of the kill:\n" + serve.Log);
            var before = collector.AccessUnits.Count;
            await collector.AddNextAsync(client);
            if (collector.AccessUnits.Count > before && collector.AccessUnits[^1].AccessUnit.IsKeyframe && Restarted(serve, old))
            {
                keyframeAfterKill = clock.Elapsed;
            }
        }

        var replacement = Assert.Single(FfmpegInputs(serve));
        Assert.NotEqual(old, replacement);
        Assert.False(ProcessTree.IsAlive(old));
        Assert.Contains("Camera source failed (ffmpeg input '-f lavfi -i testsrc2=size=320x240:rate=25' ended: ffmpeg exited with code", serve.Log, StringComparison.Ordinal);
        Assert.Contains("restarting it", serve.Log, StringComparison.Ordinal);
        Assert.Equal(0, collector.Probe.Lost);
        // The same connection goes on, and a new player starts from the restarted input.
        Assert.Equal(200, (await client.RequestAsync("GET_PARAMETER", serve.Url, ("Session", session.Id))).Status);
        Assert.Equal("h264", Assert.Single(await Ffprobe.CodecsAsync(serve.UrlOf("test"), "udp")));
        output.WriteLine($"ffmpeg {old} killed after {playedBefore} frames; new ffmpeg {replacement}; first keyframe after it " +
                         $"{keyframeAfterKill!.Value.TotalMilliseconds:0} ms after the kill");
    }

    [Theory]
    [InlineData("ffmpeg:-i /nonexistent.mp4", "ffmpeg input '-i /nonexistent.mp4' cannot be opened: /nonexistent.mp4: No such file or directory")]
    [InlineData("v4l2:/dev/video-nonexistent", "v4l2:/dev/video-nonexistent: there is no such device")]
    [InlineData("ffmpeg:-f lavfi testsrc2", "names no input")]
    [InlineData("ffmpeg:-i 'unclosed", "is never closed")]
    public async Task An_input_that_cannot_play_exits_2_naming_it_and_the_reason(string source, string reason)
    {
        var result = await ServeProcess.RunToExitAsync(TimeSpan.FromSeconds(30), "--source", source);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(reason, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_of_source_lists_the_ffmpeg_and_v4l2_forms()
    {
        var result = await ServeProcess.RunCommandToExitAsync(TimeSpan.FromSeconds(30), "serve", "--help");

        Assert.Contains("ffmpeg:\"INPUT ARGS\"", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("v4l2:DEVICE", result.StandardOutput, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The host's ffmpeg children that read an input into the camera (they write Annex-B to stdout).</summary>
    private static IReadOnlyList<int> FfmpegInputs(ServeProcess serve) =>
        serve.ChildProcessIds().Where(pid => ProcessTree.CommandLine(pid) is var arguments
                                             && arguments.Contains("-map") && arguments.Contains("pipe:1")).ToList();

    private static bool Restarted(ServeProcess serve, int old) => FfmpegInputs(serve) is [var pid] && pid != old;

    private static async Task MakeAsync(params string[] arguments)
    {
        var made = await ExternalTool.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments], TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
    }
}
