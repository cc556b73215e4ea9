using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Web;

/// <summary>
/// HLS of a real host: ffprobe and ffmpeg play it (with AAC too), the GOP cache makes the first
/// playlist quick, blocking reloads and the hinted part wait for their part, 404s, credentials, and
/// an unused stream stopping after its linger.
/// </summary>
public sealed partial class HlsTests
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 90_000)]
    public async Task Ffprobe_reads_the_playlist_and_ffmpeg_records_five_seconds_that_decode_cleanly()
    {
        await using var host = await WebHost.StartAsync();
        var url = PlaylistUrl(host);

        var probe = await ExternalTool.RunAsync("ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "json", url], ToolTimeout);
        Assert.True(probe.ExitCode == 0, probe.ToString());
        var stream = Assert.Single(JsonDocument.Parse(probe.StandardOutput).RootElement.GetProperty("streams").EnumerateArray());
        Assert.Equal(("h264", 1280, 720), (stream.GetProperty("codec_name").GetString(), stream.GetProperty("width").GetInt32(), stream.GetProperty("height").GetInt32()));

        var path = Path.Combine(Path.GetTempPath(), $"mediaactors-hls-{Guid.NewGuid():N}.mp4");
        try
        {
            var record = await ExternalTool.RunAsync("ffmpeg", ["-v", "error", "-i", url, "-t", "5", "-c", "copy", path], ToolTimeout);
            Assert.True(record.ExitCode == 0, record.ToString());
            var (streams, duration) = await Mp4Probe.ProbeAsync(path);
            var video = Assert.Single(streams);
            Assert.Equal(("h264", 1280, 720), (video.CodecName, video.Width, video.Height));
            Assert.InRange(duration, 4.5, 5.5);
            // 150 at 30 fps; fewer when the live 720p encoder is starved of CPU (a loaded machine: measured 117), but
            // not so few that a stall of the playlist's parts would pass.
            Assert.InRange(video.Frames, 110, 165);
            Assert.Equal("", await Mp4Probe.DecodeErrorsAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task The_first_playlist_comes_within_a_gop_thanks_to_the_gop_cache_with_parts_and_a_preload_hint()
    {
        await using var host = await WebHost.StartAsync();
        // The session has had its first keyframe: the GOP cache holds the current GOP.
        await host.Serve.RunningForAsync(TimeSpan.FromSeconds(2));

        var started = Stopwatch.StartNew();
        var response = await host.Http.GetAsync("/test/index.m3u8");
        var elapsed = started.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache, response.Headers.CacheControl?.ToString());
        // The first segment is the cached GOP and the rest of it: complete at the next keyframe, at most a GOP (1 s) away.
        Assert.True(elapsed < TimeSpan.FromSeconds(1.5), $"first playlist after {elapsed.TotalMilliseconds:0} ms");

        var playlist = await response.Content.ReadAsStringAsync();
        var lines = playlist.Split('\n');
        Assert.Equal("#EXTM3U", lines[0]);
        Assert.Contains("#EXT-X-VERSION:9", lines);
        Assert.Contains("#EXT-X-MAP:URI=\"init.mp4\"", lines);
        Assert.Contains(lines, line => line.StartsWith("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("#EXT-X-PART:", StringComparison.Ordinal) && line.EndsWith(",INDEPENDENT=YES", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part", StringComparison.Ordinal));
        var target = int.Parse(Tag(lines, "#EXT-X-TARGETDURATION:"), CultureInfo.InvariantCulture);
        Assert.True(target >= 1, playlist);
        var segmentDuration = double.Parse(Tag(lines, "#EXTINF:").TrimEnd(','), CultureInfo.InvariantCulture);
        Assert.InRange(segmentDuration, 0.9, target);

        var init = await host.Http.GetAsync("/test/init.mp4");
        Assert.Equal(HttpStatusCode.OK, init.StatusCode);
        Assert.Equal("video/mp4", init.Content.Headers.ContentType?.MediaType);
        var segment = await host.Http.GetAsync($"/test/{lines.First(line => line.StartsWith("seg", StringComparison.Ordinal))}");
        Assert.Equal(HttpStatusCode.OK, segment.StatusCode);
        Assert.Equal("video/iso.segment", segment.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(segment.Headers.CacheControl?.MaxAge);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_blocking_reload_and_the_hinted_part_wait_for_their_part_and_a_reload_far_ahead_is_400()
    {
        await using var host = await WebHost.StartAsync();
        var playlist = await host.Http.GetStringAsync("/test/index.m3u8");
        var (msn, part) = Hint(playlist);
        Assert.DoesNotContain($"URI=\"part{msn}.{part}.m4s\"", playlist.Replace("PRELOAD-HINT:TYPE=PART,URI", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var reloaded = await host.Http.GetAsync($"/test/index.m3u8?_HLS_msn={msn}&_HLS_part={part}");
        // Not the 503 of a request that waited out its limit (three target durations).
        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
        var text = await reloaded.Content.ReadAsStringAsync();
        // Held until the part was cut: the playlist lists it.
        Assert.Contains($"#EXT-X-PART:DURATION=", text, StringComparison.Ordinal);
        Assert.Contains($"URI=\"part{msn}.{part}.m4s\"", text.Replace("PRELOAD-HINT:TYPE=PART,URI", "", StringComparison.Ordinal), StringComparison.Ordinal);
        // And no longer: answered as that part was cut, so the next one is the part being made (a keyframe starts a
        // new segment). Measured as parts, not milliseconds: a CPU-starved encoder delays the part, not the answer.
        var (nextMsn, nextPart) = Hint(text);
        Assert.True((nextMsn, nextPart) == (msn, part + 1) || (nextMsn, nextPart) == (msn + 1, 0),
            $"asked for part {msn}.{part}, answered when {nextMsn}.{nextPart} was being made:\n{text}");

        var hinted = await host.Http.GetAsync($"/test/part{nextMsn}.{nextPart}.m4s");
        Assert.Equal(HttpStatusCode.OK, hinted.StatusCode);
        Assert.Equal("video/iso.segment", hinted.Content.Headers.ContentType?.MediaType);
        var bytes = await hinted.Content.ReadAsByteArrayAsync();
        Assert.Equal("moof", System.Text.Encoding.ASCII.GetString(bytes, 4, 4));

        var farAhead = await host.Http.GetAsync($"/test/index.m3u8?_HLS_msn={msn + 10}");
        Assert.Equal(HttpStatusCode.BadRequest, farAhead.StatusCode);
        var partWithoutMsn = await host.Http.GetAsync("/test/index.m3u8?_HLS_part=1");
        Assert.Equal(HttpStatusCode.BadRequest, partWithoutMsn.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Unknown_hls_files_and_sessions_are_404()
    {
        await using var host = await WebHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/test/index.m3u8")).StatusCode);

        foreach (var path in new[] { "/test/seg999999.m4s", "/test/part999999.0.m4s", "/test/init7.mp4", "/test/nosuch.m3u8", "/test/seg1.ts", "/nosuch/index.m3u8" })
        {
            var response = await host.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Contains("nosuch", await (await host.Http.GetAsync("/nosuch/init.mp4")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task With_aac_audio_the_init_segment_has_two_tracks_and_ffprobe_reads_the_aac_stream()
    {
        await using var host = await WebHost.StartAsync("--audio", "aac");
        await host.Serve.RunningForAsync(TimeSpan.FromSeconds(2));

        var init = await host.Http.GetByteArrayAsync("/test/init.mp4");
        var path = Path.Combine(Path.GetTempPath(), $"mediaactors-hls-init-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(path, init);
        try
        {
            var (streams, _) = await Mp4Probe.ProbeAsync(path);
            Assert.Equal(new[] { "h264", "aac" }, streams.Select(stream => stream.CodecName));
        }
        finally
        {
            File.Delete(path);
        }

        var probe = await ExternalTool.RunAsync("ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_name,profile", "-of", "json", PlaylistUrl(host)], ToolTimeout);
        Assert.True(probe.ExitCode == 0, probe.ToString());
        var codecs = JsonDocument.Parse(probe.StandardOutput).RootElement.GetProperty("streams").EnumerateArray()
            .Select(stream => stream.GetProperty("codec_name").GetString()).ToList();
        Assert.Equal(new[] { "h264", "aac" }, codecs);
        // mp4a.40.2: AAC LC, as the init segment's esds says.
        Assert.Contains("\"LC\"", probe.StandardOutput, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unused_hls_stream_stops_after_its_linger_and_the_next_request_starts_it_anew()
    {
        await using var host = await WebHost.StartWithConfigAsync("mediaactors.http.hls.linger = 1s");
        var first = await host.Http.GetStringAsync("/test/index.m3u8");
        Assert.True(await host.Serve.WaitForLogAsync("HLS test:", TimeSpan.FromSeconds(5)), host.Serve.Log);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var second = await host.Http.GetAsync("/test/index.m3u8");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(await host.Serve.WaitForLogAsync("HLS test:", 2, TimeSpan.FromSeconds(5)), host.Serve.Log);
        // A new stream: its segments are numbered from 0 again, and its files may be cached no longer than the linger.
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:0\n", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:0\n", first, StringComparison.Ordinal);
        var init = await host.Http.GetAsync("/test/init.mp4");
        Assert.Equal(TimeSpan.FromSeconds(1), init.Headers.CacheControl?.MaxAge);
    }

    [Fact(Timeout = 60_000)]
    public async Task Hls_asks_for_the_same_credentials_as_the_other_session_resources()
    {
        await using var host = await WebHost.StartAsync("--user", "alice", "--password", "secret");

        foreach (var path in new[] { "/test/index.m3u8", "/test/init.mp4", "/test/seg0.m4s", "/test/part0.0.m4s" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync(path)).StatusCode);
        }

        using var basic = new HttpRequestMessage(HttpMethod.Get, "/test/index.m3u8");
        basic.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("alice:secret"u8.ToArray()));
        var playlist = await host.Http.SendAsync(basic);
        Assert.Equal(HttpStatusCode.OK, playlist.StatusCode);

        // A player sends the cookie the playlist's answer set with the files it names.
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/test/init.mp4");
        withCookie.Headers.Add("Cookie", Assert.Single(playlist.Headers.GetValues("Set-Cookie")).Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.SendAsync(withCookie)).StatusCode);
    }

    private static string PlaylistUrl(WebHost host) => $"http://127.0.0.1:{host.HttpPort}/test/index.m3u8";

    private static string Tag(string[] lines, string tag) => lines.First(line => line.StartsWith(tag, StringComparison.Ordinal))[tag.Length..];

    private static (long Msn, int Part) Hint(string playlist)
    {
        var match = HintPattern().Match(playlist);
        Assert.True(match.Success, playlist);
        return (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part(\\d+)\\.(\\d+)\\.m4s\"")]
    private static partial Regex HintPattern();
}
