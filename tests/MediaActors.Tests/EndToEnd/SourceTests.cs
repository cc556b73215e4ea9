using System.Globalization;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

/// <summary>`serve --source`: an Annex-B file played in a loop at its own frame rate, and sources that cannot play.</summary>
[Collection(ServeCollection.Name)]
public sealed class SourceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mediaactors-source-").FullName;

    [Fact]
    public async Task An_h265_file_is_served_in_a_loop_at_its_frame_rate()
    {
        // Two seconds of 25 fps H.265: a five-second recording spans more than two passes.
        var file = Path.Combine(_directory, "clip.h265");
        var made = await ExternalTool.RunAsync("ffmpeg", new[]
        {
            "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-frames:v", "50",
            "-c:v", "libx265", "-x265-params", "log-level=error", "-g", "25", "-f", "hevc", file,
        }, TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
        await using var serve = await ServeProcess.StartAsync("--source", "file:" + file);

        var streams = await Ffprobe.StreamsAsync(serve.UrlOf("test"), "tcp");
        var frames = await FrameTimingTests.RecordFramesAsync(serve.UrlOf("test"), "tcp", seconds: 5);

        Assert.Equal(("hevc", 320, 240), (Assert.Single(streams).CodecName, streams[0].Width, streams[0].Height));
        // Past the GOP cache's catch-up (frames 1 ms apart), the pictures are 40 ms apart: 25 fps.
        var live = frames.IntervalsMs().SkipWhile(ms => ms < 2).ToList();
        Assert.True(live.Count >= 90, $"{live.Count} live frame intervals in 5 s");
        // Within 10 % (a loaded machine paces a little late: measured 42.9), far from 30 fps's 33 ms and as fast as it reads.
        Assert.InRange(live.Average(), 36.0, 44.0);
    }

    [Theory]
    [InlineData("k230", "needs a Kendryte K230 board")]
    [InlineData("file:/nonexistent/clip.h264", "does not exist")]
    [InlineData("file:/etc/hostname", "extension")]
    [InlineData("camera", "is not a source")]
    public async Task A_source_that_cannot_play_here_exits_2_with_the_reason(string source, string reason)
    {
        var result = await ServeProcess.RunToExitAsync(TimeSpan.FromSeconds(30), "--source", source);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(reason, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_without_video_exits_2_naming_it()
    {
        var file = Path.Combine(_directory, "noise.h264");
        await File.WriteAllBytesAsync(file, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
        var result = await ServeProcess.RunToExitAsync(TimeSpan.FromSeconds(30), "--source", "file:" + file);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(file, result.StandardError, StringComparison.Ordinal);
        Assert.Contains("keyframe", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
