using System.Net;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Web;

/// <summary>The HTTP server of a real host: the player page, the live fMP4 stream over a WebSocket, snapshots, and 404s.</summary>
public sealed class LiveViewTests
{
    [Fact(Timeout = 60_000)]
    public async Task The_dashboard_and_a_sessions_player_page_are_served_and_404_for_an_unknown_session()
    {
        await using var host = await WebHost.StartAsync();

        var page = await host.Http.GetAsync("/test/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<video", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var dashboard = await host.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal("text/html", dashboard.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/static/dashboard.js", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var file in new[] { "player.js", "player-page.js", "dashboard.js", "dashboard.css", "uPlot.iife.min.js", "uPlot.min.css" })
        {
            var script = await host.Http.GetAsync($"/static/{file}");
            Assert.True(script.StatusCode == HttpStatusCode.OK, $"/static/{file}: {script.StatusCode}");
        }

        var unknown = await host.Http.GetAsync("/nosuch/");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("nosuch", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var withoutSlash = await host.Http.GetAsync("/test");
        Assert.Equal(HttpStatusCode.Redirect, withoutSlash.StatusCode);
        Assert.Equal("/test/", withoutSlash.Headers.Location?.OriginalString);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_websocket_stream_starts_with_the_gop_and_plays_in_ffprobe()
    {
        await using var host = await WebHost.StartAsync();
        await using var viewer = await WebSocketViewer.ConnectAsync(host.WebSocketUri("test"));

        var started = System.Diagnostics.Stopwatch.StartNew();
        await viewer.ReadAsync(TimeSpan.FromSeconds(10), v => v.Fragments.Count >= 1);
        var firstFragment = started.Elapsed;
        await viewer.ReadAsync(TimeSpan.FromSeconds(3));

        Assert.StartsWith("video/mp4; codecs=\"avc1.", viewer.Mime, StringComparison.Ordinal);
        // The first fragment is there at once: the cached GOP, not a wait for the next keyframe.
        Assert.True(firstFragment < TimeSpan.FromMilliseconds(500), $"first fragment after {firstFragment.TotalMilliseconds:0} ms");
        var path = await viewer.SaveAsync();
        try
        {
            var (streams, _) = await Mp4Probe.ProbeAsync(path);
            var video = Assert.Single(streams);
            Assert.Equal(("h264", 1280, 720), (video.CodecName, video.Width, video.Height));
            // One fragment per frame, every one of them decodable from the first (a keyframe).
            Assert.Equal(viewer.Fragments.Count, video.Frames);
            Assert.InRange(video.Frames, 60, 200);
            Assert.Equal("", await Mp4Probe.DecodeErrorsAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_websocket_for_an_unknown_session_is_refused_with_404()
    {
        await using var host = await WebHost.StartAsync();
        var error = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => WebSocketViewer.ConnectAsync(host.WebSocketUri("nosuch")));
        Assert.Contains("404", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_http_port_in_use_ends_the_server_with_exit_code_1_naming_it()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await ServeProcess.RunToExitAsync(TimeSpan.FromSeconds(30), "--port", ServeProcess.FreeTcpPort().ToString(), "--http-port", port.ToString());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"cannot listen for HTTP on 127.0.0.1:{port}", result.StandardError, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_snapshot_is_a_jpeg_of_the_picture()
    {
        await using var host = await WebHost.StartAsync();

        var response = await host.Http.GetAsync("/test/snapshot.jpg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var jpeg = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg[..2]);

        var path = Path.Combine(Path.GetTempPath(), $"mediaactors-snapshot-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(path, jpeg);
        try
        {
            var (streams, _) = await Mp4Probe.ProbeAsync(path);
            Assert.Equal((1280, 720), (streams[0].Width, streams[0].Height));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
