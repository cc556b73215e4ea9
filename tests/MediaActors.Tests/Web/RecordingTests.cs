using System.Net;
using System.Text.Json;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Web;

/// <summary>`serve --record DIR`: segments that play, a killed process's partial segment that plays, retention, and a directory it cannot write.</summary>
public sealed class RecordingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"mediaactors-recordings-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task Segments_split_at_keyframes_play_with_their_durations_and_are_listed_and_downloadable()
    {
        await using var host = await WebHost.StartWithConfigAsync("mediaactors.recording.segment-duration = 2s", "--record", _directory);
        await host.Serve.RunningForAsync(TimeSpan.FromSeconds(7));

        var listing = JsonDocument.Parse(await host.Http.GetStringAsync("/api/v1/recordings")).RootElement;
        var segments = listing.GetProperty("segments").EnumerateArray().ToList();
        Assert.True(segments.Count >= 3, listing.ToString());
        Assert.All(segments, segment => Assert.Equal("test", segment.GetProperty("session").GetString()));
        Assert.True(segments[^1].GetProperty("recording").GetBoolean());

        var download = await host.Http.GetAsync(segments[0].GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("video/mp4", download.Content.Headers.ContentType?.MediaType);

        var closed = segments.Take(segments.Count - 1).Select(segment => Path.Combine(_directory, "test", segment.GetProperty("file").GetString()!)).ToList();
        foreach (var file in closed.Skip(1))
        {
            // The first may start with the GOP cache; every later one holds one 2 s stretch of 1 s GOPs.
            var (streams, duration) = await Mp4Probe.ProbeAsync(file);
            var video = Assert.Single(streams);
            Assert.Equal(("h264", 1280, 720), (video.CodecName, video.Width, video.Height));
            // Its pictures are stamped as the live 720p encoder hands them over: on a loaded machine the encoder
            // falls behind and a GOP spans more than 1 s, so the segment's length follows its keyframes.
            await Mp4Probe.AssertSplitAtFirstKeyframeAfterAsync(file, duration, TimeSpan.FromSeconds(2));
            Assert.InRange(duration, 1.9, 4.5);
            Assert.InRange(video.Frames, 55, 135);
            Assert.Equal("", await Mp4Probe.DecodeErrorsAsync(file));
        }

        var missing = await host.Http.GetAsync("/test/recordings/..%2F..%2Fetc%2Fpasswd");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_killed_server_leaves_a_segment_that_plays_up_to_its_last_fragment()
    {
        var host = await WebHost.StartWithConfigAsync("mediaactors.recording.fragment-interval = 1s", "--record", _directory);
        await using (host)
        {
            await host.Serve.RunningForAsync(TimeSpan.FromSeconds(5));
            await host.Serve.KillAsync();
        }

        var file = Assert.Single(Directory.GetFiles(Path.Combine(_directory, "test")));
        var (streams, duration) = await Mp4Probe.ProbeAsync(file);
        Assert.Equal("h264", Assert.Single(streams).CodecName);
        // About 5 s were streamed (from the GOP cache's keyframe on); at most a fragment interval is lost.
        Assert.InRange(duration, 3.0, 6.5);
        Assert.Equal("", await Mp4Probe.DecodeErrorsAsync(file));
    }

    [Fact(Timeout = 90_000)]
    public async Task Retention_deletes_the_oldest_segments_past_the_byte_bound()
    {
        // About 16 KB/s of video: 1 s segments of some 16 KB, and room for about three of them.
        const string Config = """
            mediaactors.recording { segment-duration = 1s, max-total-bytes = 50 KiB }
            """;
        await using var host = await WebHost.StartWithConfigAsync(Config, "--record", _directory);
        var sessionDirectory = Path.Combine(_directory, "test");
        await host.Serve.RunningForAsync(TimeSpan.FromSeconds(3));
        var first = Directory.GetFiles(sessionDirectory).Order(StringComparer.Ordinal).First();

        await host.Serve.RunningForAsync(TimeSpan.FromSeconds(10));
        var files = Directory.GetFiles(sessionDirectory);
        Assert.DoesNotContain(first, files);
        Assert.True(files.Sum(file => new FileInfo(file).Length) <= 50 * 1024 + 40 * 1024, $"{files.Length} files remain");
        Assert.True(await host.Serve.WaitForLogAsync("Recording retention deleted", TimeSpan.Zero));
    }

    [Fact(Timeout = 90_000)]
    public async Task An_unwritable_directory_stops_the_recording_with_a_clear_error_and_streaming_goes_on()
    {
        File.WriteAllText(_directory, "a file where the directory should be");
        try
        {
            await using var host = await WebHost.StartAsync("--record", _directory);

            Assert.True(await host.Serve.WaitForLogAsync("Recording of test stopped", TimeSpan.FromSeconds(10)), host.Serve.Log);
            Assert.Equal("h264", (await Ffprobe.CodecsAsync(host.Serve.Url, "tcp")).Single());
            var listing = await host.Http.GetStringAsync("/api/v1/recordings");
            Assert.Contains("\"test\"", listing, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(_directory);
        }
    }
}
