using System.Diagnostics;
using MediaActors.Tests.Web;

namespace MediaActors.Tests.Browser;

/// <summary>
/// The real thing end to end: `mediaactors serve` streaming its test pattern, and its player page
/// in headless chromium playing the session over the WebSocket.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveSessionPlaybackTests(ChromiumFixture browser, ITestOutputHelper output)
{
    /// <summary>From the page's load to its first picture.</summary>
    private static readonly TimeSpan FirstFrameWithin = TimeSpan.FromSeconds(1);

    /// <summary>Sets <c>window.firstFrameAt</c> (ms since the navigation started) when the player's video presents its first frame.</summary>
    private const string FirstFrameRecorder = """
        document.addEventListener('DOMContentLoaded', () => {
          const video = document.getElementById('video');
          video.requestVideoFrameCallback(now => { window.firstFrameAt = now; });
        });
        """;
    private static readonly TimeSpan Watching = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 120_000)]
    public async Task The_page_shows_a_picture_within_a_second_and_is_still_under_a_second_behind_after_30_s()
    {
        // 640x360 leaves the two cores to the encoder, the server and the browser's decoder alike.
        await using var host = await WebHost.StartAsync("--width", "640", "--height", "360");
        await using var context = await browser.Chromium.NewContextAsync();
        // The page notes, by its own clock, when the video presents its first frame: polling for it
        // from here would add the probe's round trips (tens of ms on a busy machine) to the time.
        await context.AddInitScriptAsync(FirstFrameRecorder);
        var page = await context.NewPageAsync();

        var clock = Stopwatch.StartNew();
        // Where the first second goes, for the test's output: page, socket, its first messages.
        var marks = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.WebSocket += (_, socket) =>
        {
            marks.Enqueue($"socket {clock.ElapsedMilliseconds}");
            var received = 0;
            socket.FrameReceived += (_, _) =>
            {
                if (++received is 1 or 3 or 10 or 30)
                {
                    marks.Enqueue($"message {received} {clock.ElapsedMilliseconds}");
                }
            };
        };
        await page.GotoAsync($"http://127.0.0.1:{host.HttpPort}/test/");
        marks.Enqueue($"page loaded {clock.ElapsedMilliseconds}");
        await PlayerProbe.WaitForAsync(page, "window.firstFrameAt !== undefined", TimeSpan.FromSeconds(10));
        // By the page's own clock: from the start of its navigation, and from its load (its HTML,
        // scripts and styles in, what the player needs before it can ask for the stream).
        var firstFrameAt = await page.EvaluateAsync<double>("() => window.firstFrameAt");
        var loadedAt = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].loadEventStart");
        var firstFrame = TimeSpan.FromMilliseconds(firstFrameAt - loadedAt);
        var first = await PlayerProbe.SampleAsync(page);
        marks.Enqueue($"first frame seen {clock.ElapsedMilliseconds}");
        output.WriteLine("ms since the page was asked for: " + string.Join(", ", marks));

        var latencies = new List<(TimeSpan At, double Seconds)>();
        while (clock.Elapsed < Watching)
        {
            await Task.Delay(500);
            if ((await PlayerProbe.SampleAsync(page)).Latency is { } latency)
            {
                latencies.Add((clock.Elapsed, latency));
            }
        }

        var last = await PlayerProbe.SampleAsync(page);
        var lit = await PlayerProbe.LitShareAsync(page);
        var lastTen = latencies.Where(sample => sample.At > Watching - TimeSpan.FromSeconds(10)).Select(sample => sample.Seconds).ToList();
        output.WriteLine($"first frame {firstFrameAt:0} ms after the page's navigation started, {firstFrame.TotalMilliseconds:0} ms after it loaded; latency (ms) every 0.5 s: " +
                         string.Join(' ', latencies.Select(sample => (sample.Seconds * 1000).ToString("0"))));
        output.WriteLine($"first {first}\nlast  {last}\nlit share {lit:0.00}");

        Assert.True(firstFrame < FirstFrameWithin, $"the first frame came {firstFrame.TotalMilliseconds:0} ms after the page loaded");
        Assert.Equal(("ws", "playing", null), (last.Mode, last.State, last.LastError));
        Assert.Equal((640, 360), (last.VideoWidth, last.VideoHeight));
        Assert.True(last.CurrentTime - first.CurrentTime > Watching.TotalSeconds - 5, $"the picture moved {last.CurrentTime - first.CurrentTime:0.0} s in {Watching}");
        Assert.True(last.TotalVideoFrames - first.TotalVideoFrames > 20 * (Watching.TotalSeconds - 5), $"{last.TotalVideoFrames - first.TotalVideoFrames} frames decoded");
        Assert.True(lit > 0.3, $"the picture is black: {lit:P0} of its pixels are lit");
        Assert.NotEmpty(lastTen);
        Assert.True(lastTen.Max() < 1.0, $"the page fell behind the newest fragment: up to {lastTen.Max() * 1000:0} ms in the last 10 s");
    }

    [Fact(Timeout = 120_000)]
    public async Task The_page_plays_the_sessions_hls_with_hls_js()
    {
        await using var host = await WebHost.StartAsync("--width", "640", "--height", "360");
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync($"http://127.0.0.1:{host.HttpPort}/test/?hls");
        await PlayerProbe.WaitForAsync(page, "video.getVideoPlaybackQuality().totalVideoFrames > 0", TimeSpan.FromSeconds(20));
        var first = await PlayerProbe.SampleAsync(page);
        await Task.Delay(TimeSpan.FromSeconds(8));
        var last = await PlayerProbe.SampleAsync(page);
        var lit = await PlayerProbe.LitShareAsync(page);
        output.WriteLine($"first {first}\nlast  {last}\nlit share {lit:0.00}");

        Assert.Equal(("hls", "playing", null), (last.Mode, last.State, last.LastError));
        Assert.Equal((640, 360), (last.VideoWidth, last.VideoHeight));
        Assert.True(last.CurrentTime - first.CurrentTime > 6, $"the picture moved {last.CurrentTime - first.CurrentTime:0.0} s in 8 s");
        Assert.True(last.TotalVideoFrames - first.TotalVideoFrames > 150, $"{last.TotalVideoFrames - first.TotalVideoFrames} frames decoded in 8 s");
        Assert.True(lit > 0.3, $"the picture is black: {lit:P0} of its pixels are lit");
    }
}
