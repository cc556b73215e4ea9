using System.Net;
using System.Text.Json;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Web;

namespace MediaActors.Tests.Api;

/// <summary>
/// GET /api/v1/sessions, /sessions/{name} and /sessions/{name}/readers of a real serve, with real
/// RTSP players over UDP and TCP and a WebSocket viewer connected: what the API shows is exactly
/// what is connected, each reader with its address, transport, growing counters and reception.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReadersApiTests
{
    /// <summary>The stream serve makes here: smaller than its default, for a shared machine; 30 fps.</summary>
    private static readonly string[] Stream = ["--width", "640", "--height", "360"];

    [Fact(Timeout = 120_000)]
    public async Task Sessions_and_readers_show_exactly_the_players_and_viewers_connected()
    {
        await using var host = await WebHost.StartAsync(Stream);
        var url = host.Serve.UrlOf("test");
        var players = new List<PlayingClient>();
        await using var viewer = await WebSocketViewer.ConnectAsync(host.WebSocketUri("test"));
        var viewing = true;
        var watching = viewer.ReadAsync(TimeSpan.FromSeconds(100), _ => !Volatile.Read(ref viewing));
        try
        {
            players.Add(await PlayingClient.PlayTcpAsync(host.Serve.Port, url));
            players.Add(await PlayingClient.PlayUdpAsync(host.Serve.Port, url));
            players.Add(await PlayingClient.PlayTcpAsync(host.Serve.Port, url));
            players.Add(await PlayingClient.PlayUdpAsync(host.Serve.Port, url));
            players.Add(await PlayingClient.PlayUdpAsync(host.Serve.Port, url));
            foreach (var player in players)
            {
                await player.ReceivesAsync(30, TimeSpan.FromSeconds(10));
            }

            // The rates are over the last 5 whole seconds.
            await host.Serve.RunningForAsync(TimeSpan.FromSeconds(7));

            var sessions = (await host.Http.GetJsonAsync("/api/v1/sessions")).EnumerateArray().ToList();
            var listed = Assert.Single(sessions);
            Assert.Equal("test", listed.String("name"));
            var counts = listed.GetProperty("readers");
            Assert.Equal(6, counts.GetProperty("total").GetInt32());
            Assert.Equal(
                new Dictionary<string, int> { ["rtsp-udp"] = 3, ["rtsp-tcp"] = 2, ["rtsp-tls"] = 0, ["rtsp-http"] = 0, ["websocket"] = 1, ["hls"] = 0, ["recorder"] = 0, ["relay"] = 0, ["push"] = 0, ["multicast"] = 0 },
                counts.GetProperty("byKind").EnumerateObject().ToDictionary(kind => kind.Name, kind => kind.Value.GetInt32()));

            var session = await host.Http.GetJsonAsync("/api/v1/sessions/test");
            var video = session.GetProperty("video");
            Assert.Equal(("H264", 640, 360), (video.String("codec"), video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32()));
            Assert.InRange(video.GetProperty("framesPerSecond").GetDouble(), 24, 31);
            Assert.True(video.GetProperty("bitsPerSecond").GetInt64() > 0, video.GetRawText());
            Assert.Equal(JsonValueKind.Null, session.GetProperty("audio").ValueKind);
            var source = session.GetProperty("source");
            Assert.Equal(("camera", "streaming"), (source.String("kind"), source.String("state")));
            Assert.Equal(6, session.GetProperty("readers").GetProperty("total").GetInt32());
            Assert.Equal(url, session.GetProperty("urls").String("rtsp"));
            Assert.Equal($"http://127.0.0.1:{host.HttpPort}/test/", session.GetProperty("urls").String("player"));
            Assert.True(session.GetProperty("counters").GetProperty("framesIn").GetInt64() > 0);
            Assert.True(session.GetProperty("gopCache").GetProperty("instantStarts").GetInt64() >= 5, session.GetRawText());

            var first = await host.Http.ReadersAsync("test");
            Assert.Equal(6, first.Count);
            Assert.Equal(6, first.Select(reader => reader.String("id")).Distinct().Count());
            foreach (var player in players)
            {
                var reader = first.Find("address", player.Address);
                Assert.True(reader is not null, $"no reader at {player.Address}: {string.Join(", ", first.Select(r => r.GetRawText()))}");
                Assert.Equal(player.IsUdp ? "rtsp-udp" : "rtsp-tcp", reader.Value.String("kind"));
                Assert.True(reader.Value.GetProperty("kickable").GetBoolean());
                Assert.True(reader.Value.GetProperty("framesSent").GetInt64() > 0);
            }

            var web = first.Find("kind", "websocket");
            Assert.True(web is not null);
            Assert.Equal(viewer.LocalEndPoint!.ToString(), web.Value.String("address"));

            await Task.Delay(TimeSpan.FromSeconds(1));
            var second = await host.Http.ReadersAsync("test");
            foreach (var reader in first)
            {
                var later = second.Find("id", reader.String("id"));
                Assert.True(later is not null, $"reader {reader.String("id")} is gone");
                Assert.True(later.Value.GetProperty("bytesSent").GetInt64() > reader.GetProperty("bytesSent").GetInt64(),
                    $"{reader.GetRawText()} then {later.Value.GetRawText()}");
                Assert.True(later.Value.GetProperty("framesSent").GetInt64() > reader.GetProperty("framesSent").GetInt64());
                Assert.Equal(reader.String("since"), later.Value.String("since"));
            }

            Assert.NotEmpty(viewer.Fragments);
        }
        finally
        {
            Volatile.Write(ref viewing, false);
            await watching;
            foreach (var player in players)
            {
                await player.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task A_udp_players_receiver_report_shows_as_its_reception()
    {
        await using var host = await WebHost.StartAsync(Stream);
        var url = host.Serve.UrlOf("test");
        await using var reporting = await PlayingClient.PlayUdpAsync(host.Serve.Port, url);
        await using var silent = await PlayingClient.PlayUdpAsync(host.Serve.Port, url);
        await reporting.ReceivesAsync(10, TimeSpan.FromSeconds(10));

        // 64/256 of the packets lost since the last report, 7 in all, jitter 900 ticks of 90 kHz.
        await reporting.ReportReceptionAsync(fractionLost: 64, cumulativeLost: 7, jitter: 900);

        var readers = await ApiCalls.UntilAsync(() => host.Http.ReadersAsync("test"),
            readers => readers.Find("address", reporting.Address) is { } reader && reader.GetProperty("reception").ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(10), "the receiver report showing");
        var reception = readers.Find("address", reporting.Address)!.Value.GetProperty("reception");
        Assert.Equal(25.0, reception.GetProperty("lossPercent").GetDouble(), precision: 3);
        Assert.Equal(7, reception.GetProperty("packetsLost").GetInt64());
        Assert.Equal(10.0, reception.GetProperty("jitterMilliseconds").GetDouble(), precision: 3);
        Assert.Equal(JsonValueKind.Null, readers.Find("address", silent.Address)!.Value.GetProperty("reception").ValueKind);
    }

    [Fact(Timeout = 60_000)]
    public async Task Unknown_sessions_are_404_problems()
    {
        await using var host = await WebHost.StartAsync(Stream);

        foreach (var path in new[] { "/api/v1/sessions/nosuch", "/api/v1/sessions/nosuch/readers", "/api/v1/sessions/no%2Fsuch" })
        {
            var problem = await ApiCalls.ProblemAsync(await host.Http.GetAsync(path), HttpStatusCode.NotFound);
            Assert.Contains("such", problem.String("detail"), StringComparison.Ordinal);
        }

        var slashed = await ApiCalls.ProblemAsync(await host.Http.GetAsync("/api/v1/sessions/no%2Fsuch"), HttpStatusCode.NotFound);
        Assert.Equal("There is no session 'no/such'.", slashed.String("detail"));
    }
}
