using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Web;
using Microsoft.Playwright;

namespace MediaActors.Tests.Browser;

/// <summary>
/// The dashboard at <c>/</c> in headless chromium: against a real `mediaactors serve` (tiles that
/// play, reader counts that match the clients connected, a kick from the page), and against an API
/// the test answers itself (a cluster, an API that is down, a session whose name holds '/').
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(ChromiumFixture browser, ITestOutputHelper output)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Where the test saves its screenshot: artifacts/ next to the test assembly.</summary>
    public static string ScreenshotPath { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard.png");

    [Fact(Timeout = 180_000)]
    public async Task The_tiles_play_the_reader_counts_match_the_clients_and_a_kick_from_the_page_ends_the_reader()
    {
        // 640x360 leaves the two cores to the encoder, the server and the browser's decoders alike.
        await using var host = await WebHost.StartAsync("--width", "640", "--height", "360");
        // Two more sessions: "lobby" pulls "test" (a reader of it, as any RTSP client), and
        // "yard/gate" pulls a camera that is not there (it shows its error and no video).
        await CreatePullAsync(host, "lobby", host.Serve.Url);
        await CreatePullAsync(host, "yard/gate", $"rtsp://127.0.0.1:{Infrastructure.ServeProcess.FreeTcpPort()}/nothing");
        // Two RTSP clients of "test" that the test holds; each drains its socket until the server closes it.
        await using var kept = await RtspTestClient.ConnectAsync(host.Serve.Port);
        await using var kicked = await RtspTestClient.ConnectAsync(host.Serve.Port);
        await kept.SetupAndPlayAsync(host.Serve.Url);
        await kicked.SetupAndPlayAsync(host.Serve.Url);
        var keptClosed = kept.IsClosedByServerAsync(TimeSpan.FromSeconds(150));
        var kickedClosed = kicked.IsClosedByServerAsync(TimeSpan.FromSeconds(150));

        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add(error);
        await page.GotoAsync($"http://127.0.0.1:{host.HttpPort}/");

        // The tiles of "test" and "lobby" play live: the picture advances and is not black.
        await WaitForAsync(page, "dashboard.player('test')?.state === 'playing' && dashboard.player('lobby')?.state === 'playing'", TimeSpan.FromSeconds(30));
        var test = Tile("test");
        var before = await VideoAsync(page, test);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var after = await VideoAsync(page, test);
        var lit = await PlayerProbe.LitShareAsync(page, $"{test} video");
        output.WriteLine($"test tile: {before} then {after}, lit share {lit:0.00}");
        Assert.True(after.CurrentTime - before.CurrentTime > 2, $"the picture moved {after.CurrentTime - before.CurrentTime:0.00} s in 3 s");
        Assert.True(after.Frames - before.Frames > 40, $"{after.Frames - before.Frames} frames decoded in 3 s");
        Assert.Equal((640, 360), (after.Width, after.Height));
        Assert.True(lit > 0.3, $"the picture is black: {lit:P0} of its pixels are lit");

        // What counts as a reader of "test": the two RTSP clients, lobby's pull and this page's
        // live tile (a websocket reader). The page shows what the API lists, one by one.
        var readers = await WaitForReadersAsync(host, "test", 4);
        var clientAddresses = new[] { $"127.0.0.1:{kept.LocalPort}", $"127.0.0.1:{kicked.LocalPort}" };
        Assert.Equal(clientAddresses.Order(), readers.Where(reader => clientAddresses.Contains(reader.Address)).Select(reader => reader.Address).Order());
        Assert.All(readers.Where(reader => clientAddresses.Contains(reader.Address)), reader => Assert.Equal("rtsp-tcp", reader.Kind));
        Assert.Single(readers, reader => reader.Kind == "websocket");
        Assert.Single(readers, reader => reader.Kind.StartsWith("rtsp-", StringComparison.Ordinal) && !clientAddresses.Contains(reader.Address));
        await WaitForAsync(page, $"document.querySelector('{test} .fact-readers').dataset.count === '4'", Soon);
        var shown = await page.InnerTextAsync($"{test} .fact-readers");
        Assert.Contains("websocket 1", shown, StringComparison.Ordinal);
        // The header's total is every tile's count (the same poll's).
        Assert.True(await page.EvaluateAsync<bool>("""
            () => Number(document.getElementById('summary-readers').textContent.split(' ')[0])
              === [...document.querySelectorAll('.fact-readers')].reduce((sum, count) => sum + Number(count.dataset.count), 0)
            """));

        await page.ClickAsync($"{test} details.readers summary");
        await WaitForAsync(page, $"document.querySelectorAll('{test} details.readers tbody tr').length === 4", Soon);
        foreach (var reader in readers)
        {
            var row = $"{test} tr[data-reader='{reader.Id}']";
            Assert.Equal(reader.Kind, await page.InnerTextAsync($"{row} td:nth-child(1)"));
            Assert.Equal(reader.Address, await page.InnerTextAsync($"{row} td:nth-child(2)"));
            Assert.Equal(reader.Kickable, await page.Locator($"{row} button.kick").CountAsync() == 1);
        }

        // "lobby" turned to snapshots: its websocket reader goes, a snapshot shows.
        await page.ClickAsync($"{Tile("lobby")} .live-toggle");
        await WaitForAsync(page, $"document.querySelector('{Tile("lobby")} img.snapshot').naturalWidth === 640", Soon);
        await WaitForAsync(page, $"document.querySelector('{Tile("lobby")} .fact-readers').dataset.count === '0'", Soon);
        Assert.Equal("false", await page.GetAttributeAsync($"{Tile("lobby")} .live-toggle", "aria-pressed"));
        Assert.Null(await page.EvaluateAsync<object?>("() => window.mediaActorsDashboard.player('lobby')"));

        // Kick one client from the page: its connection ends, the row goes, the other stays.
        var victim = readers.Single(reader => reader.Address == $"127.0.0.1:{kicked.LocalPort}");
        var clock = Stopwatch.StartNew();
        await page.ClickAsync($"{test} tr[data-reader='{victim.Id}'] button.kick");
        Assert.True(await Task.WhenAny(kickedClosed, Task.Delay(Soon)) == kickedClosed && await kickedClosed, "the kicked client's connection did not end");
        output.WriteLine($"the kicked client's connection ended {clock.ElapsedMilliseconds} ms after the click");
        await WaitForAsync(page, $"!document.querySelector(`{test} tr[data-reader='{victim.Id}']`) && document.querySelector('{test} .fact-readers').dataset.count === '3'", Soon);
        Assert.False(keptClosed.IsCompleted, "the other client's connection ended too");
        Assert.DoesNotContain(await ReadersAsync(host, "test"), reader => reader.Id == victim.Id);

        // "yard/gate" says why it has no video.
        var gate = Tile("yard/gate");
        Assert.Contains("cannot connect", await page.InnerTextAsync($"{gate} .fact-error"), StringComparison.Ordinal);
        Assert.Equal("none yet", await page.InnerTextAsync($"{gate} .fact-video"));
        Assert.Equal($"rtsp://127.0.0.1:{host.Serve.Port}/yard/gate", await page.InnerTextAsync($"{gate} .url-rtsp"));

        // The charts have a few samples by now.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(6, await page.Locator(".tile canvas").CountAsync());
        await page.Mouse.MoveAsync(0, 0);
        await SaveScreenshotAsync(page);
        Assert.Empty(problems);
        Assert.Equal("playing", await page.EvaluateAsync<string>("() => window.mediaActorsDashboard.player('test').state"));

        // Closing the kept client ends its drain; how that ends does not matter.
        await kept.DisposeAsync();
        await keptClosed.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact(Timeout = 90_000)]
    public async Task The_cluster_a_session_with_a_slash_its_readers_and_an_api_that_is_down_show_as_the_api_says()
    {
        await using var site = PlayerSite.Start();
        site.Serve("/", Path.Combine(PlayerSite.Wwwroot, "dashboard.html"));
        var api = new FakeApi();
        await using var context = await browser.Chromium.NewContextAsync();
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions { Origin = site.Origin });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add(error);
        await page.RouteAsync("**/api/v1/**", api.AnswerAsync);
        await page.GotoAsync(site.Origin + "/");

        // A relay: two members, one unreachable, and the board's session it serves.
        await WaitForAsync(page, "!document.getElementById('cluster').hidden", Soon);
        Assert.Equal(2, await page.Locator("#cluster-members tr").CountAsync());
        var self = await page.InnerTextAsync("#cluster-members tr:nth-child(1)");
        Assert.Contains("this node", self, StringComparison.Ordinal);
        Assert.Contains("leader", self, StringComparison.Ordinal);
        Assert.Contains("unreachable", await page.InnerTextAsync("#cluster-members tr:nth-child(2)"), StringComparison.Ordinal);
        Assert.Equal("/yard/gate/", await page.GetAttributeAsync("#cluster-boards a", "href"));
        Assert.Contains("(also /gate)", await page.InnerTextAsync("#cluster-boards"), StringComparison.Ordinal);
        Assert.Contains("cluster of 2 members", await page.InnerTextAsync("#summary-node"), StringComparison.Ordinal);

        // The session: its source's error, no video, and its reader.
        var gate = Tile("yard/gate");
        Assert.Equal("retrying", await page.InnerTextAsync($"{gate} .source-state"));
        Assert.Equal("board yard is unreachable", await page.InnerTextAsync($"{gate} .fact-error"));
        Assert.Equal("1 (rtsp-udp 1)", await page.InnerTextAsync($"{gate} .fact-readers"));
        Assert.Equal("/yard/gate/", await page.GetAttributeAsync($"{gate} .tile-name", "href"));
        await page.ClickAsync($"{gate} details.readers summary");
        var row = $"{gate} tr[data-reader='rtsp-1a2b']";
        await page.WaitForSelectorAsync(row);
        var cells = await page.Locator($"{row} td").AllInnerTextsAsync();
        Assert.Matches(@"^1 min 3\d s$", cells[2]);
        Assert.Equal(["rtsp-udp", "10.0.0.7:50000", "1.23 MB", "2", "0 B", "1.5 % · 3.2 ms", "Kick"], cells.Where((_, index) => index != 2));

        // Its URLs, and the buttons that copy them.
        Assert.Equal("rtsp://127.0.0.1:8554/yard/gate", await page.InnerTextAsync($"{gate} .url-rtsp"));
        await page.ClickAsync($"{gate} .url-rtsp + button.copy");
        await page.WaitForSelectorAsync($"{gate} .url-rtsp + button.copy[data-result='ok']");
        Assert.Equal("rtsp://127.0.0.1:8554/yard/gate", await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        // The kick names the session as one path segment.
        await page.ClickAsync($"{row} button.kick");
        await page.WaitForSelectorAsync(row, new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        Assert.Equal(["/api/v1/sessions/yard%2Fgate/readers/rtsp-1a2b"], api.Deleted);

        // The API goes away: a banner says why and the page keeps asking; back, the banner goes.
        api.Down = true;
        await WaitForAsync(page, "!document.getElementById('banner').hidden", Soon);
        Assert.Contains("503 Service Unavailable: The server is still starting.", await page.InnerTextAsync("#banner-text"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("() => document.body.classList.contains('stale')"));
        var polls = await page.EvaluateAsync<int>("() => window.mediaActorsDashboard.polls");
        await WaitForAsync(page, $"dashboard.polls > {polls}", Soon);
        api.Down = false;
        await page.ClickAsync("#banner-retry");
        await WaitForAsync(page, "document.getElementById('banner').hidden && !document.body.classList.contains('stale')", Soon);

        Assert.Empty(problems);
        Assert.Empty(site.Unanswered);
        Assert.Equal(0, site.Connections);
    }

    private static string Tile(string session) => $"article.tile[data-session=\"{session}\"]";

    private static async Task CreatePullAsync(WebHost host, string name, string url)
    {
        var created = await host.Http.PostAsJsonAsync("/api/v1/sessions", new { name, url });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
    }

    private static async Task<IReadOnlyList<Reader>> ReadersAsync(WebHost host, string session) =>
        (await host.Http.GetFromJsonAsync<List<Reader>>($"/api/v1/sessions/{Uri.EscapeDataString(session)}/readers", Json))!;

    /// <summary>The session's readers once there are <paramref name="count"/> (the pull and the page's socket take a moment).</summary>
    private static async Task<IReadOnlyList<Reader>> WaitForReadersAsync(WebHost host, string session, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var readers = await ReadersAsync(host, session);
            if (readers.Count == count || deadline.Elapsed > Soon)
            {
                Assert.True(readers.Count == count, $"{session} has {readers.Count} readers, not {count}: {string.Join(", ", readers)}");
                return readers;
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> (a JavaScript expression; `dashboard` is window.mediaActorsDashboard) holds.</summary>
    private static async Task WaitForAsync(IPage page, string condition, TimeSpan timeout)
    {
        try
        {
            await page.WaitForFunctionAsync(
                $"() => {{ const dashboard = window.mediaActorsDashboard; return Boolean(dashboard && ({condition})); }}",
                null, new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>("() => JSON.stringify({ polls: window.mediaActorsDashboard?.polls, lastError: window.mediaActorsDashboard?.lastError, tiles: [...document.querySelectorAll('.tile')].map((tile) => tile.innerText.replace(/\\s+/g, ' ').slice(0, 300)) })");
            throw new TimeoutException($"the dashboard did not reach `{condition}` within {timeout.TotalSeconds:0} s: {state}");
        }
    }

    private static async Task<VideoSample> VideoAsync(IPage page, string tile) =>
        JsonSerializer.Deserialize<VideoSample>(await page.EvaluateAsync<string>("""
            (selector) => {
              const video = document.querySelector(selector);
              return JSON.stringify({
                currentTime: video.currentTime,
                frames: video.getVideoPlaybackQuality().totalVideoFrames,
                width: video.videoWidth,
                height: video.videoHeight,
              });
            }
            """, $"{tile} video"), Json)!;

    /// <summary>Saves the page as artifacts/dashboard.png next to the test assembly, and attaches it to the test's result.</summary>
    private async Task SaveScreenshotAsync(IPage page)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath)!);
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath, FullPage = true });
        TestContext.Current.AddAttachment("dashboard.png", png, "image/png");
        output.WriteLine($"screenshot: {ScreenshotPath}");
    }

    private sealed record VideoSample(double CurrentTime, int Frames, int Width, int Height);

    private sealed record Reader(string Id, string Kind, string Address, bool Kickable);

    /// <summary>The control API as a relay with one board would answer it, played by the test through Playwright's routing.</summary>
    private sealed class FakeApi
    {
        private const string Readers = "/api/v1/sessions/yard%2Fgate/readers";
        private readonly List<string> _deleted = [];
        private readonly DateTimeOffset _since = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(90);
        private bool _kicked;

        public bool Down { get; set; }

        public IReadOnlyList<string> Deleted
        {
            get
            {
                lock (_deleted)
                {
                    return [.. _deleted];
                }
            }
        }

        public async Task AnswerAsync(IRoute route)
        {
            var request = route.Request;
            var path = new Uri(request.Url).AbsolutePath;
            if (Down)
            {
                await route.FulfillAsync(new RouteFulfillOptions
                {
                    Status = 503,
                    ContentType = "application/problem+json",
                    Body = """{"title":"Starting","status":503,"detail":"The server is still starting."}""",
                });
                return;
            }

            var body = (request.Method, path) switch
            {
                ("GET", "/api/v1/sessions") => Sessions(),
                ("GET", Readers) => _kicked ? Array.Empty<object>() : new[] { Reader() },
                ("GET", "/api/v1/cluster") => Cluster(),
                ("DELETE", Readers + "/rtsp-1a2b") => Kick(path),
                _ => null,
            };
            if (body is null)
            {
                await route.FulfillAsync(new RouteFulfillOptions { Status = 404, ContentType = "application/problem+json", Body = """{"title":"Not found","status":404}""" });
                return;
            }

            await route.FulfillAsync(body is string { Length: 0 }
                ? new RouteFulfillOptions { Status = 204 }
                : new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = JsonSerializer.Serialize(body, Json) });
        }

        private string Kick(string path)
        {
            lock (_deleted)
            {
                _deleted.Add(path);
            }
            _kicked = true;
            return "";
        }

        private object[] Sessions() =>
        [
            new
            {
                name = "yard/gate",
                aliases = new[] { "gate" },
                video = (object?)null,
                audio = (string?)null,
                source = new { kind = "board", description = "yard/gate", state = "retrying", lastError = "board yard is unreachable", restarts = 2 },
                readers = new
                {
                    total = _kicked ? 0 : 1,
                    byKind = new Dictionary<string, int>
                    {
                        ["rtsp-udp"] = _kicked ? 0 : 1, ["rtsp-tcp"] = 0, ["rtsp-tls"] = 0, ["rtsp-http"] = 0, ["websocket"] = 0, ["hls"] = 0, ["recorder"] = 0, ["relay"] = 0, ["push"] = 0, ["multicast"] = 0,
                    },
                },
                urls = new
                {
                    rtsp = "rtsp://127.0.0.1:8554/yard/gate",
                    player = "http://127.0.0.1:8888/yard/gate/",
                    hls = "http://127.0.0.1:8888/yard/gate/index.m3u8",
                    snapshot = "http://127.0.0.1:8888/yard/gate/snapshot.jpg",
                },
            },
        ];

        private object Reader() => new
        {
            id = "rtsp-1a2b",
            kind = "rtsp-udp",
            address = "10.0.0.7:50000",
            since = _since,
            bytesSent = 1_234_567,
            framesSent = 300,
            framesDropped = 2,
            queuedBytes = 0,
            reception = new { lossPercent = 1.5, packetsLost = 12, jitterMilliseconds = 3.2 },
            kickable = true,
        };

        private static object Cluster()
        {
            const string relay = "akka.tcp://mediaactors@127.0.0.1:4053";
            const string board = "akka.tcp://mediaactors@127.0.0.1:4054";
            return new
            {
                clustered = true,
                self = relay,
                leader = relay,
                members = new object[]
                {
                    new { address = relay, roles = new[] { "relay" }, status = "Up", reachable = true, isSelf = true },
                    new { address = board, roles = new[] { "board" }, status = "Up", reachable = false, isSelf = false },
                },
                boards = new[]
                {
                    new { name = "yard", address = board, sessions = new[] { new { session = "gate", path = "yard/gate", alias = "gate" } } },
                },
            };
        }
    }
}
