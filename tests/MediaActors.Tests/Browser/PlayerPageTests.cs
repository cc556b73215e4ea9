using System.Diagnostics;

namespace MediaActors.Tests.Browser;

/// <summary>
/// The player page (src/Host/Web/wwwroot) in headless chromium, without the server: the test
/// answers the page's requests and plays the server's side of the WebSocket with fragments
/// ffmpeg made, and reads back what the browser decoded.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PlayerPageTests(ChromiumFixture browser, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("mediaactors-browser-").FullName;

    [Fact]
    public async Task Fragments_from_the_websocket_play_at_once_and_settle_within_half_a_second_of_the_newest()
    {
        var stream = await FragmentedMp4.EncodeTestPatternAsync(_directory, 320, 240, seconds: 6);
        await using var site = PlayerSite.Start();
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.PageUrl("cam 1"));
        var socket = await site.NextConnectionAsync(Soon);

        // A GOP at once, then 5 s at 25 fps.
        var clock = Stopwatch.StartNew();
        var streaming = socket.StreamAsync(stream, burst: 25);
        await PlayerProbe.WaitForAsync(page, "player.state === 'playing'", Soon);
        var playingAfter = clock.Elapsed;
        var first = await PlayerProbe.SampleAsync(page);
        var latencies = new List<(TimeSpan At, double Seconds)>();
        while (!streaming.IsCompleted)
        {
            await Task.Delay(100);
            if ((await PlayerProbe.SampleAsync(page)).Latency is { } latency)
            {
                latencies.Add((clock.Elapsed, latency));
            }
        }
        await streaming;
        var streamedFor = clock.Elapsed;
        await PlayerProbe.WaitForAsync(page, $"player.framesAppended === {stream.Fragments.Count}", Soon);
        var last = await PlayerProbe.SampleAsync(page);
        var lit = await PlayerProbe.LitShareAsync(page);

        // Starting (a seek, the decoder's start) may leave the picture some way behind; the page
        // catches up within a few seconds and then holds the edge.
        var settled = latencies.Where(sample => sample.At > streamedFor - TimeSpan.FromSeconds(2)).Select(sample => sample.Seconds).ToList();
        var afterStart = latencies.Where(sample => sample.At > playingAfter + TimeSpan.FromSeconds(0.5)).Select(sample => sample.Seconds).ToList();
        output.WriteLine($"playing {playingAfter.TotalMilliseconds:0} ms after the first message; latency in ms: " +
                         string.Join(' ', latencies.Select(sample => (sample.Seconds * 1000).ToString("0"))));
        output.WriteLine($"first {first}\nlast  {last}\nlit share {lit:0.00}");
        Assert.Equal(("ws", "playing", null), (last.Mode, last.State, last.LastError));
        Assert.Equal(stream.Init.Length + stream.Fragments.Sum(fragment => fragment.Length), last.BytesAppended);
        Assert.Equal((320, 240), (last.VideoWidth, last.VideoHeight));
        Assert.True(last.CurrentTime - first.CurrentTime > 3, $"the picture moved {last.CurrentTime - first.CurrentTime:0.00} s in 5 s of stream");
        Assert.True(last.TotalVideoFrames - first.TotalVideoFrames >= 75, $"{last.TotalVideoFrames - first.TotalVideoFrames} frames decoded in 5 s of stream");
        Assert.True(lit > 0.5, $"the picture is black: {lit:P0} of its pixels are lit");
        Assert.NotEmpty(settled);
        Assert.True(settled.Max() < 0.5, $"the picture was up to {settled.Max():0.00} s behind the newest fragment in the last 2 s");
        Assert.True(afterStart.Max() < 1.1, $"the picture fell {afterStart.Max():0.00} s behind the newest fragment");
        Assert.Equal("cam 1", await page.InnerTextAsync("#session-name"));
        Assert.Equal("/cam%201/snapshot.jpg", await page.GetAttributeAsync("#snapshot", "href"));
        Assert.Empty(site.Unanswered);
    }

    [Fact]
    public async Task A_new_init_restarts_in_the_new_format_an_end_shows_its_reason_and_a_close_reconnects()
    {
        var small = await FragmentedMp4.EncodeTestPatternAsync(_directory, 320, 240, seconds: 2);
        var large = await FragmentedMp4.EncodeTestPatternAsync(_directory, 640, 360, seconds: 2);
        await using var site = PlayerSite.Start();
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.PageUrl("cam"));
        var socket = await site.NextConnectionAsync(Soon);

        await socket.StreamAsync(small, burst: 25);
        await PlayerProbe.WaitForAsync(page, "player.state === 'playing' && video.videoWidth === 320", Soon);

        // The camera restarted in another format: the same connection goes on with a new init.
        var restarted = socket.StreamAsync(large, burst: 25);
        await PlayerProbe.WaitForAsync(page, "video.videoWidth === 640 && video.videoHeight === 360 && !video.paused", Soon);
        await restarted;
        // The count goes on over the restart: every fragment of both formats is appended.
        await PlayerProbe.WaitForAsync(page, $"player.framesAppended === {small.Fragments.Count + large.Fragments.Count}", Soon);
        var afterRestart = await PlayerProbe.SampleAsync(page);
        Assert.Equal(("playing", null), (afterRestart.State, afterRestart.LastError));

        await socket.SendEndAsync("camera unplugged");
        await PlayerProbe.WaitForAsync(page, "player.state === 'ended'", Soon);
        Assert.Contains("camera unplugged", (await PlayerProbe.SampleAsync(page)).Message, StringComparison.Ordinal);

        var closed = Stopwatch.StartNew();
        await socket.CloseAsync();
        var again = await site.NextConnectionAsync(TimeSpan.FromSeconds(5));
        var reconnectedAfter = closed.Elapsed;
        var waiting = await PlayerProbe.SampleAsync(page);
        Assert.Equal("ended", waiting.State);
        Assert.Contains("camera unplugged", waiting.Message, StringComparison.Ordinal);

        // The session is back: the new connection plays from its init.
        await again.StreamAsync(small, burst: 25);
        await PlayerProbe.WaitForAsync(page, "player.state === 'playing' && video.videoWidth === 320", Soon);
        output.WriteLine($"reconnected {reconnectedAfter.TotalMilliseconds:0} ms after the close; {await PlayerProbe.SampleAsync(page)}");
        Assert.InRange(reconnectedAfter, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(3));
        Assert.Equal(2, site.Connections);
        Assert.Empty(site.Unanswered);
    }

    [Fact]
    public async Task Media_played_more_than_ten_seconds_ago_is_removed_so_hours_of_playback_stay_bounded()
    {
        // 20 s at once: the page jumps to the newest, and everything but the last 10 s is behind it.
        var stream = await FragmentedMp4.EncodeTestPatternAsync(_directory, 320, 240, seconds: 20);
        await using var site = PlayerSite.Start();
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.PageUrl("cam"));
        var socket = await site.NextConnectionAsync(Soon);

        await socket.StreamAsync(stream, burst: stream.Fragments.Count);
        await PlayerProbe.WaitForAsync(page, $"player.framesAppended === {stream.Fragments.Count} && player.state === 'playing'", Soon);
        await PlayerProbe.WaitForAsync(page, "video.buffered.length > 0 && video.buffered.start(0) > 9", Soon);
        // A loaded machine's chromium can still be decoding its way to the newest picture when the trim shows.
        await PlayerProbe.WaitForAsync(page, "video.currentTime > 19.5", Soon);
        var sample = await PlayerProbe.SampleAsync(page);
        var oldest = await page.EvaluateAsync<double>("() => document.getElementById('video').buffered.start(0)");

        output.WriteLine($"buffered from {oldest:0.00} s; {sample}");
        // The cut is at a keyframe (one a second here), at most 10 s and a GOP before the picture.
        Assert.InRange(sample.CurrentTime - oldest, 9, 11.1);
        Assert.Equal(20, sample.NewestFragmentTime);
        Assert.True(sample.CurrentTime > 19.5, $"the picture is at {sample.CurrentTime:0.00} s of 20");
        Assert.Null(sample.LastError);
    }

    [Fact]
    public async Task With_hls_in_the_address_the_page_plays_the_playlist_with_hls_js_and_the_toggle_switches_modes()
    {
        var hls = Directory.CreateDirectory(Path.Combine(_directory, "hls")).FullName;
        var made = await Infrastructure.ExternalTool.RunAsync("ffmpeg", [
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "4",
            "-c:v", "libx264", "-profile:v", "main", "-bf", "0", "-g", "25",
            "-f", "hls", "-hls_time", "1", "-hls_list_size", "0", "-hls_segment_type", "fmp4",
            Path.Combine(hls, "index.m3u8"),
        ], TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
        await using var site = PlayerSite.Start();
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        foreach (var file in Directory.GetFiles(hls))
        {
            site.Serve("/cam/" + Path.GetFileName(file), file);
        }

        await page.GotoAsync(site.PageUrl("cam", "?hls"));
        await PlayerProbe.WaitForAsync(page, "player.state === 'playing' && video.currentTime > 0.5", Soon);
        var sample = await PlayerProbe.SampleAsync(page);
        var lit = await PlayerProbe.LitShareAsync(page);

        output.WriteLine($"{sample}\nlit share {lit:0.00}");
        Assert.Equal(("hls", "playing"), (sample.Mode, sample.State));
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.Hls === 'function'"), "hls.js was not loaded");
        Assert.True(sample.FramesAppended > 0, "hls.js buffered no fragment");
        Assert.True(sample.TotalVideoFrames > 0);
        Assert.True(lit > 0.5, $"the picture is black: {lit:P0} of its pixels are lit");
        Assert.Equal(0, site.Connections);

        // The toggle switches to the WebSocket and back, and the address says which.
        var live = await FragmentedMp4.EncodeTestPatternAsync(_directory, 320, 240, seconds: 2);
        await page.ClickAsync("#mode-ws");
        var socket = await site.NextConnectionAsync(Soon);
        await socket.StreamAsync(live, burst: 25);
        await PlayerProbe.WaitForAsync(page, "player.mode === 'ws' && player.state === 'playing'", Soon);
        Assert.Equal(site.PageUrl("cam"), page.Url);
        Assert.Equal("true", await page.GetAttributeAsync("#mode-ws", "aria-pressed"));

        await page.ClickAsync("#mode-hls");
        await PlayerProbe.WaitForAsync(page, "player.mode === 'hls' && player.state === 'playing'", Soon);
        Assert.Equal(site.PageUrl("cam", "?hls"), page.Url);
        await socket.Closed.WaitAsync(Soon);
        Assert.Equal(1, site.Connections);
        Assert.Empty(site.Unanswered);
    }

    [Fact]
    public async Task Headless_chromium_decodes_h264_and_aac_through_media_source()
    {
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("<video></video>");
        var answers = await page.EvaluateAsync<Dictionary<string, string>>("""
            () => {
              const video = document.querySelector('video');
              const mse = (type) => String(MediaSource.isTypeSupported(type));
              return {
                'MSE H.264 avc1.4d401f': mse('video/mp4; codecs="avc1.4d401f"'),
                'MSE H.265 hvc1.1.6.L93.B0': mse('video/mp4; codecs="hvc1.1.6.L93.B0"'),
                'MSE AAC mp4a.40.2': mse('audio/mp4; codecs="mp4a.40.2"'),
                'MSE H.264 + AAC': mse('video/mp4; codecs="avc1.4d401f, mp4a.40.2"'),
                'ManagedMediaSource': String(typeof ManagedMediaSource !== 'undefined'),
                'native HLS canPlayType': JSON.stringify(video.canPlayType('application/vnd.apple.mpegurl')),
              };
            }
            """);

        output.WriteLine($"chromium {browser.Chromium.Version}, arguments {string.Join(' ', Chromium.Arguments)}");
        foreach (var (question, answer) in answers)
        {
            output.WriteLine($"{question}: {answer}");
        }
        // The WebSocket mode depends on these; H.265 and native HLS are only reported.
        Assert.Equal("true", answers["MSE H.264 avc1.4d401f"]);
        Assert.Equal("true", answers["MSE H.264 + AAC"]);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
