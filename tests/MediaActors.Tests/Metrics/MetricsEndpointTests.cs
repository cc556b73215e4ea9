using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MediaActors.Tests.EndToEnd;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Web;

namespace MediaActors.Tests.Metrics;

/// <summary>
/// /metrics, /healthz and /readyz of the real host with players connected: the exposition is
/// valid Prometheus text with conventional names, its counters move with the stream and never go
/// back when a player leaves, its reader gauge counts the players, and the probes say what they check.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class MetricsEndpointTests
{
    private static readonly string[] Small = ["--width", "320", "--height", "240"];

    [Fact(Timeout = 120_000)]
    public async Task Scrapes_are_valid_count_the_players_and_their_counters_only_grow()
    {
        await using var host = await WebHost.StartAsync(Small);
        var viewers = new List<UdpViewer>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                viewers.Add(await UdpViewer.PlayAsync(host.Serve.Port, host.Serve.UrlOf("test")));
            }

            var first = await ScrapeAsync(host);
            var between = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(2));
            var second = await ScrapeAsync(host);
            between.Stop();

            AssertConventional(first);
            AssertConventional(second);
            Assert.Equal(1, second.Value("mediaactors_sessions"));
            Assert.Equal(3, second.Value("mediaactors_session_readers", ("session", "test"), ("kind", "rtsp-udp")));
            Assert.Equal(0, second.Value("mediaactors_session_readers", ("session", "test"), ("kind", "rtsp-tcp")));
            Assert.Equal(3, second.Value("mediaactors_rtsp_connections"));
            // One connection actor per player, none left of the warm-up; every actor's mailbox counted.
            Assert.Equal(3, second.Value("mediaactors_actors", ("kind", "connection")));
            Assert.Equal(1, second.Value("mediaactors_actors", ("kind", "session")));
            Assert.NotNull(second.Value("mediaactors_mailbox_depth_max", ("kind", "session")));
            // The players' three and the server's own warm-up DESCRIBE at start.
            Assert.Equal(4, second.Value("mediaactors_rtsp_connections_accepted_total"));
            foreach (var counter in new[] { "mediaactors_session_frames_total", "mediaactors_session_sent_bytes_total", "mediaactors_session_sent_packets_total" })
            {
                Assert.True(second.Value(counter, ("session", "test")) > first.Value(counter, ("session", "test")),
                    $"{counter}: {first.Value(counter, ("session", "test"))} then {second.Value(counter, ("session", "test"))}");
            }

            Assert.True(second.Value("mediaactors_send_latency_seconds_count") > first.Value("mediaactors_send_latency_seconds_count"));
            // The measured rate agrees with the frame counter's between the scrapes (a loaded machine's live encoder
            // may deliver fewer than its 30 a second; what is checked is that the gauge tells the rate there is).
            var counted = (second.Value("mediaactors_session_frames_total", ("session", "test"))!.Value
                           - first.Value("mediaactors_session_frames_total", ("session", "test"))!.Value) / between.Elapsed.TotalSeconds;
            Assert.InRange(second.Value("mediaactors_session_frames_per_second", ("session", "test"))!.Value, counted * 0.5, Math.Min(40, counted * 2));
            Assert.Equal(1, second.Value("mediaactors_source_up", ("session", "test")));
            AssertNoCounterWentBack(first, second);

            // One player reports a quarter of its packets lost and 10 ms of jitter (900 at 90 kHz).
            await ReportReceptionAsync(viewers[1], fractionLost: 64, jitter: 900);
            var reported = await WaitForAsync(host, text => text.Value("mediaactors_session_rtcp_loss_ratio", ("session", "test")) is not null);
            Assert.Equal(0.25, reported.Value("mediaactors_session_rtcp_loss_ratio", ("session", "test")));
            Assert.Equal(0.01, reported.Value("mediaactors_session_rtcp_jitter_seconds", ("session", "test"))!.Value, precision: 6);

            await viewers[0].DisposeAsync();
            viewers.RemoveAt(0);
            // The player tore down (its reader leaves), then its connection closes.
            var third = await WaitForAsync(host, text => text.Value("mediaactors_session_readers", ("session", "test"), ("kind", "rtsp-udp")) == 2
                                                         && text.Value("mediaactors_rtsp_connections") == 2
                                                         && text.Value("mediaactors_actors", ("kind", "connection")) == 2);
            AssertNoCounterWentBack(second, third);

            var ready = await host.Http.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            using var readiness = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
            Assert.Equal("ready", readiness.RootElement.GetProperty("status").GetString());
            Assert.Contains(readiness.RootElement.GetProperty("checks").EnumerateArray(),
                check => check.GetProperty("name").GetString() == "rtsp" && check.GetProperty("ok").GetBoolean());
        }
        finally
        {
            foreach (var viewer in viewers)
            {
                await viewer.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Metrics_ask_for_the_credentials_unless_told_not_to_and_the_probes_never_do()
    {
        await using (var host = await WebHost.StartAsync([.. Small, "--user", "alice", "--password", "secret"]))
        {
            var refused = await host.Http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains(refused.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Basic");

            using var signedIn = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            signedIn.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:secret")));
            var metrics = await host.Http.SendAsync(signedIn);
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            AssertConventional(PrometheusText.Parse(await metrics.Content.ReadAsStringAsync()));

            var health = await host.Http.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("ok", (await health.Content.ReadAsStringAsync()).Trim());
            Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/readyz")).StatusCode);
        }

        await using (var open = await WebHost.StartWithConfigAsync("mediaactors.http.metrics.auth = off", [.. Small, "--user", "alice", "--password", "secret"]))
        {
            var metrics = await open.Http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(PrometheusText.Parse(await metrics.Content.ReadAsStringAsync()).Value("mediaactors_session_frames_total", ("session", "test")));
            // Only the metrics are open: the sessions still ask.
            Assert.Equal(HttpStatusCode.Unauthorized, (await open.Http.GetAsync("/test/")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await open.Http.GetAsync("/api/v1/sessions")).StatusCode);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_pulled_camera_that_is_down_degrades_readiness_and_fails_it_when_sources_are_required()
    {
        var nobody = ServeProcess.FreeTcpPort();
        await using var host = await WebHost.StartWithConfigAsync($"mediaactors.sources {{ cam {{ url = \"rtsp://127.0.0.1:{nobody}/down\" }} }}", Small);

        var strict = await host.Http.GetAsync("/readyz?sources=require");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, strict.StatusCode);
        using (var body = JsonDocument.Parse(await strict.Content.ReadAsStringAsync()))
        {
            Assert.Equal("unready", body.RootElement.GetProperty("status").GetString());
            var camera = Assert.Single(body.RootElement.GetProperty("checks").EnumerateArray(), check => check.GetProperty("name").GetString() == "source cam");
            Assert.False(camera.GetProperty("ok").GetBoolean());
            Assert.Matches("^(connecting|retrying)", camera.GetProperty("detail").GetString());
            Assert.All(body.RootElement.GetProperty("checks").EnumerateArray().Where(check => check.GetProperty("name").GetString() != "source cam"),
                check => Assert.True(check.GetProperty("ok").GetBoolean(), check.ToString()));
        }

        var lenient = await host.Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, lenient.StatusCode);
        using (var body = JsonDocument.Parse(await lenient.Content.ReadAsStringAsync()))
        {
            Assert.Equal("degraded", body.RootElement.GetProperty("status").GetString());
            Assert.Contains(body.RootElement.GetProperty("checks").EnumerateArray(),
                check => check.GetProperty("name").GetString() == "source cam" && !check.GetProperty("ok").GetBoolean() && !check.GetProperty("required").GetBoolean());
        }

        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/healthz")).StatusCode);
        var metrics = await ScrapeAsync(host);
        Assert.Equal(0, metrics.Value("mediaactors_source_up", ("session", "cam")));
        Assert.Equal(1, metrics.Value("mediaactors_source_up", ("session", "test")));
    }

    /// <summary>An RTCP receiver report about the server's stream (its SSRC read from an RTP packet), from the player's RTCP port.</summary>
    private static async Task ReportReceptionAsync(UdpViewer viewer, byte fractionLost, uint jitter)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var rtp = (await viewer.Rtp.ReceiveAsync(timeout.Token)).Buffer;
        var report = new byte[32];
        report[0] = 0x81; // version 2, one report block
        report[1] = 201; // RR
        report[3] = 7; // length in 32-bit words, minus one
        BinaryPrimitives.WriteUInt32BigEndian(report.AsSpan(4), 0x5EED5EED);
        rtp.AsSpan(8, 4).CopyTo(report.AsSpan(8));
        report[12] = fractionLost;
        BinaryPrimitives.WriteUInt32BigEndian(report.AsSpan(20), jitter);
        await viewer.Rtcp.SendAsync(report, new IPEndPoint(IPAddress.Loopback, viewer.Session.ServerPorts.Rtcp));
    }

    private static async Task<PrometheusText> ScrapeAsync(WebHost host)
    {
        var response = await host.Http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return PrometheusText.Parse(text);
    }

    private static async Task<PrometheusText> WaitForAsync(WebHost host, Func<PrometheusText, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var text = await ScrapeAsync(host);
            if (condition(text))
            {
                return text;
            }

            await Task.Delay(200, deadline.Token);
        }
    }

    /// <summary>Our names: prefixed, counters in _total, base units, and only the labels that keep cardinality bounded.</summary>
    private static void AssertConventional(PrometheusText text)
    {
        var ours = text.Families.Values.Where(family => family.Name.StartsWith("mediaactors_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ours);
        foreach (var family in ours)
        {
            Assert.Equal(family.Type == "counter", family.Name.EndsWith("_total", StringComparison.Ordinal));
            Assert.DoesNotMatch("_(milliseconds|microseconds|percent|bits|kilobytes|megabytes)(_|$)", family.Name);
            Assert.NotEmpty(family.Help);
            foreach (var sample in family.Samples)
            {
                Assert.All(sample.Labels.Keys, label => Assert.Contains(label, new[] { "session", "kind", "reason", "state", "le" }));
                Assert.Equal(family.Name.StartsWith("mediaactors_session_", StringComparison.Ordinal) || family.Name.StartsWith("mediaactors_source_", StringComparison.Ordinal),
                    sample.Labels.ContainsKey("session"));
            }
        }

        Assert.Contains("process_cpu_seconds_total", text.Families.Keys);
        Assert.Equal("histogram", text.Families["mediaactors_send_latency_seconds"].Type);
        Assert.Equal("histogram", text.Families["mediaactors_gc_pause_seconds"].Type);
    }

    private static void AssertNoCounterWentBack(PrometheusText before, PrometheusText after)
    {
        var later = after.AllSamples.ToDictionary(sample => sample.Key);
        foreach (var family in before.Families.Values.Where(family => family.Type is "counter" or "histogram"))
        {
            foreach (var sample in family.Samples)
            {
                Assert.True(later.TryGetValue(sample.Key, out var next), $"{sample.Key} is gone");
                Assert.True(next.Value >= sample.Value, $"{sample.Key} went from {sample.Value} to {next.Value}");
            }
        }
    }
}
