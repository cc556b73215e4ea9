using System.Net;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Web;

namespace MediaActors.Tests.Api;

/// <summary>
/// DELETE /api/v1/sessions/{name}/readers/{id} on a real serve: a kicked RTSP player or WebSocket
/// viewer ends, and only it; shared or configured readers cannot be kicked (409); unknown ones are 404.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class KickApiTests : IDisposable
{
    private static readonly string[] Stream = ["--width", "640", "--height", "360"];
    private readonly string _recordings = Path.Combine(Path.GetTempPath(), $"mediaactors-api-recordings-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_recordings))
        {
            Directory.Delete(_recordings, recursive: true);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Kicking_a_tcp_player_ends_it_alone_and_the_others_lose_nothing()
    {
        await using var host = await WebHost.StartAsync(Stream);
        var url = host.Serve.UrlOf("test");
        await using var kicked = await PlayingClient.PlayTcpAsync(host.Serve.Port, url);
        await using var tcp = await PlayingClient.PlayTcpAsync(host.Serve.Port, url);
        await using var udp = await PlayingClient.PlayUdpAsync(host.Serve.Port, url);
        foreach (var player in new[] { kicked, tcp, udp })
        {
            await player.ReceivesAsync(30, TimeSpan.FromSeconds(10));
        }

        var id = (await host.Http.ReadersAsync("test")).Find("address", kicked.Address)!.Value.String("id");
        var answer = await host.Http.KickAsync("test", id);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        await ApiCalls.UntilAsync(() => Task.FromResult(kicked.Closed), closed => closed, TimeSpan.FromSeconds(5), "the kicked player's connection closing");
        Assert.Equal(1, kicked.Goodbyes);
        var packetsAfterKick = kicked.Packets;

        // The others go on: more packets, not one missing from their sequences.
        await tcp.ReceivesAsync(100, TimeSpan.FromSeconds(10));
        await udp.ReceivesAsync(100, TimeSpan.FromSeconds(10));
        Assert.Equal((0L, 0L), (tcp.Lost, udp.Lost));
        Assert.Equal((0L, 0L), (tcp.Goodbyes, udp.Goodbyes));
        Assert.False(tcp.Closed || udp.Closed);
        Assert.Equal(packetsAfterKick, kicked.Packets);

        var readers = await host.Http.ReadersAsync("test");
        Assert.Equal([tcp.Address, udp.Address], readers.Select(reader => reader.String("address")).Order());
        Assert.Contains(host.Serve.LogLines("kicked: kicked by an operator"), line => line.Contains(kicked.Address, StringComparison.Ordinal));

        // Gone is gone.
        var again = await ApiCalls.ProblemAsync(await host.Http.KickAsync("test", id), HttpStatusCode.NotFound);
        Assert.Equal("No such reader", again.String("title"));
    }

    [Fact(Timeout = 90_000)]
    public async Task Kicking_a_websocket_viewer_ends_it_with_the_end_message_and_a_close()
    {
        await using var host = await WebHost.StartAsync(Stream);
        await using var kicked = await WebSocketViewer.ConnectAsync(host.WebSocketUri("test"));
        await using var other = await WebSocketViewer.ConnectAsync(host.WebSocketUri("test"));
        await kicked.ReadAsync(TimeSpan.FromSeconds(10), viewer => viewer.Fragments.Count >= 10);
        await other.ReadAsync(TimeSpan.FromSeconds(10), viewer => viewer.Fragments.Count >= 10);

        var readers = await host.Http.ReadersAsync("test");
        Assert.Equal(2, readers.Count);
        var id = readers.Find("address", kicked.LocalEndPoint!.ToString())!.Value.String("id");
        Assert.StartsWith("ws-", id, StringComparison.Ordinal);
        var answer = await host.Http.KickAsync("test", id);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        // ReadAsync is false once the server closed the socket.
        Assert.False(await kicked.ReadAsync(TimeSpan.FromSeconds(10)));
        var end = Assert.Single(kicked.Notices);
        Assert.Equal("end", end.String("type"));
        Assert.Contains("kicked", end.String("reason"), StringComparison.Ordinal);

        var before = other.Fragments.Count;
        Assert.True(await other.ReadAsync(TimeSpan.FromSeconds(10), viewer => viewer.Fragments.Count >= before + 30));
        Assert.Empty(other.Notices);
        var left = Assert.Single(await host.Http.ReadersAsync("test"));
        Assert.Equal(other.LocalEndPoint!.ToString(), left.String("address"));
    }

    [Fact(Timeout = 90_000)]
    public async Task The_hls_output_and_the_recorder_are_listed_but_not_kickable_and_unknown_ids_are_404()
    {
        await using var host = await WebHost.StartAsync([.. Stream, "--record", _recordings]);
        var playlist = await host.Http.GetAsync("/test/index.m3u8");
        Assert.Equal(HttpStatusCode.OK, playlist.StatusCode);

        var readers = await ApiCalls.UntilAsync(() => host.Http.ReadersAsync("test"),
            readers => readers.Find("kind", "hls") is not null && readers.Find("kind", "recorder") is not null,
            TimeSpan.FromSeconds(10), "the HLS output and the recorder listed");
        Assert.Equal(2, readers.Count);
        var hls = readers.Find("kind", "hls")!.Value;
        var recorder = readers.Find("kind", "recorder")!.Value;
        Assert.False(hls.GetProperty("kickable").GetBoolean());
        Assert.False(recorder.GetProperty("kickable").GetBoolean());
        Assert.StartsWith(Path.Combine(_recordings, "test"), recorder.String("address"), StringComparison.Ordinal);
        var counts = (await host.Http.GetJsonAsync("/api/v1/sessions/test")).GetProperty("readers").GetProperty("byKind");
        Assert.Equal((1, 1, 2), (counts.GetProperty("hls").GetInt32(), counts.GetProperty("recorder").GetInt32(), counts.EnumerateObject().Sum(kind => kind.Value.GetInt32())));

        foreach (var reader in new[] { hls, recorder })
        {
            var refused = await ApiCalls.ProblemAsync(await host.Http.KickAsync("test", reader.String("id")), HttpStatusCode.Conflict);
            Assert.Equal("Reader cannot be kicked", refused.String("title"));
        }

        // Both are still there, and HLS still answers.
        Assert.Equal(2, (await host.Http.ReadersAsync("test")).Count);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/test/index.m3u8")).StatusCode);

        await ApiCalls.ProblemAsync(await host.Http.KickAsync("test", "rtsp-000000000000"), HttpStatusCode.NotFound);
        var noSession = await ApiCalls.ProblemAsync(await host.Http.KickAsync("nosuch", hls.String("id")), HttpStatusCode.NotFound);
        Assert.Equal("No such session", noSession.String("title"));
    }
}
