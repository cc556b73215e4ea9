using System.Net;
using System.Text.Json;
using MediaActors.Tests.EndToEnd;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Metrics;

/// <summary>A board and a relay: each is ready once it is an Up member, and the board's metrics count what its session sends the relay's link.</summary>
[Collection(ServeCollection.Name)]
public sealed class ClusterMetricsTests
{
    private static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 120_000)]
    public async Task Board_and_relay_are_ready_as_cluster_members_and_the_board_counts_its_relay_link()
    {
        var clusterPort = ServeProcess.FreeTcpPort();
        var (relayHttp, boardHttp) = (ServeProcess.FreeTcpPort(), ServeProcess.FreeTcpPort());
        await using var relay = await ServeProcess.StartRelayAsync(clusterPort, "--http-port", relayHttp.ToString());
        await using var board = await ServeProcess.StartBoardAsync("cam1", ServeProcess.FreeTcpPort(), clusterPort,
            "--width", "320", "--height", "240", "--http-port", boardHttp.ToString());
        Assert.True(await relay.WaitForLogAsync("Relay: serving cam1/test", DiscoveryTimeout), relay.Log);
        using var toRelay = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{relayHttp}/"), Timeout = TimeSpan.FromSeconds(20) };
        using var toBoard = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{boardHttp}/"), Timeout = TimeSpan.FromSeconds(20) };

        // A node sees itself Up once the cluster's gossip has converged, which may come a moment
        // after the relay already serves the board: until then it is unready, saying so.
        foreach (var node in new[] { toRelay, toBoard })
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var ready = await node.GetAsync("/readyz", deadline.Token);
            while (ready.StatusCode != HttpStatusCode.OK)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                Assert.Contains("\"cluster\"", await ready.Content.ReadAsStringAsync(deadline.Token), StringComparison.Ordinal);
                await Task.Delay(250, deadline.Token);
                ready = await node.GetAsync("/readyz", deadline.Token);
            }

            using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(deadline.Token));
            Assert.Contains(report.RootElement.GetProperty("checks").EnumerateArray(),
                check => check.GetProperty("name").GetString() == "cluster" && check.GetProperty("ok").GetBoolean());
        }

        await using var viewer = await UdpViewer.PlayAsync(new Uri(relay.Url).Port, $"{relay.Url.TrimEnd('/')}/cam1/test");
        var boardMetrics = await WaitForAsync(toBoard, text => text.Value("mediaactors_session_relay_frames_sent_total", ("session", "test")) > 30);
        Assert.Equal(1, boardMetrics.Value("mediaactors_session_readers", ("session", "test"), ("kind", "relay")));
        Assert.Equal(1, boardMetrics.Value("mediaactors_cluster_member_up"));

        var relayMetrics = await WaitForAsync(toRelay, text => text.Value("mediaactors_session_readers", ("session", "cam1/test"), ("kind", "rtsp-udp")) == 1);
        Assert.Equal(1, relayMetrics.Value("mediaactors_session_pulling", ("session", "cam1/test")));
        Assert.Equal(1, relayMetrics.Value("mediaactors_source_up", ("session", "cam1/test")));
        Assert.True(relayMetrics.Value("mediaactors_session_frames_total", ("session", "cam1/test")) > 0);
    }

    private static async Task<PrometheusText> WaitForAsync(HttpClient node, Func<PrometheusText, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var text = PrometheusText.Parse(await node.GetStringAsync("/metrics", deadline.Token));
            if (condition(text))
            {
                return text;
            }

            await Task.Delay(250, deadline.Token);
        }
    }
}
