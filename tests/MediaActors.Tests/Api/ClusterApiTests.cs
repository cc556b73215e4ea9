using System.Net;
using System.Text.Json;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Web;

namespace MediaActors.Tests.Api;

/// <summary>
/// GET /api/v1/cluster on serve (no cluster) and on a real board and relay joined on loopback; a
/// relay's sessions (board/session, written with %2F) through the sessions API.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ClusterApiTests
{
    private static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 60_000)]
    public async Task Serve_is_in_no_cluster()
    {
        await using var host = await WebHost.StartAsync("--width", "320", "--height", "240");

        var cluster = await host.Http.GetJsonAsync("/api/v1/cluster");

        Assert.False(cluster.GetProperty("clustered").GetBoolean());
        Assert.Equal(JsonValueKind.Null, cluster.GetProperty("self").ValueKind);
        Assert.Empty(cluster.GetProperty("members").EnumerateArray());
        Assert.Empty(cluster.GetProperty("boards").EnumerateArray());
    }

    [Fact(Timeout = 150_000)]
    public async Task A_relay_shows_its_members_and_its_boards_sessions_and_serves_them_by_their_escaped_names()
    {
        var clusterPort = ServeProcess.FreeTcpPort();
        var relayHttp = ServeProcess.FreeTcpPort();
        var boardHttp = ServeProcess.FreeTcpPort();
        await using var relay = await ServeProcess.StartRelayAsync(clusterPort, "--http-port", relayHttp.ToString());
        await using var board = await ServeProcess.StartBoardAsync("cam1", ServeProcess.FreeTcpPort(), clusterPort,
            "--width", "320", "--height", "240", "--http-port", boardHttp.ToString());
        Assert.True(await relay.WaitForLogAsync("Relay: serving cam1/test", DiscoveryTimeout), relay.Log);
        using var relayApi = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{relayHttp}/"), Timeout = TimeSpan.FromSeconds(20) };
        using var boardApi = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{boardHttp}/"), Timeout = TimeSpan.FromSeconds(20) };

        var cluster = await ApiCalls.UntilAsync(() => relayApi.GetJsonAsync("/api/v1/cluster"),
            cluster => cluster.GetProperty("members").GetArrayLength() == 2
                && cluster.GetProperty("members").EnumerateArray().All(member => member.String("status") == "Up"),
            DiscoveryTimeout, "both members Up on the relay");
        Assert.True(cluster.GetProperty("clustered").GetBoolean());
        var members = cluster.GetProperty("members").EnumerateArray().ToList();
        var relayMember = Assert.Single(members, member => member.GetProperty("roles").EnumerateArray().Any(role => role.GetString() == "relay"));
        var boardMember = Assert.Single(members, member => member.GetProperty("roles").EnumerateArray().Any(role => role.GetString() == "board"));
        Assert.True(relayMember.GetProperty("isSelf").GetBoolean());
        Assert.False(boardMember.GetProperty("isSelf").GetBoolean());
        Assert.All(members, member => Assert.True(member.GetProperty("reachable").GetBoolean()));
        Assert.Equal(relayMember.String("address"), cluster.String("self"));
        Assert.Contains(cluster.String("leader"), members.Select(member => member.String("address")));

        var boardEntry = Assert.Single(cluster.GetProperty("boards").EnumerateArray());
        Assert.Equal("cam1", boardEntry.String("name"));
        Assert.Equal(boardMember.String("address"), boardEntry.String("address"));
        var served = Assert.Single(boardEntry.GetProperty("sessions").EnumerateArray());
        Assert.Equal(("test", "cam1/test", "test"), (served.String("session"), served.String("path"), served.String("alias")));

        // The board sees the same cluster from its side, with no boards of its own to serve.
        var fromBoard = await ApiCalls.UntilAsync(() => boardApi.GetJsonAsync("/api/v1/cluster"),
            cluster => cluster.GetProperty("members").GetArrayLength() == 2, DiscoveryTimeout, "both members on the board");
        Assert.True(fromBoard.GetProperty("clustered").GetBoolean());
        Assert.Equal(boardMember.String("address"), fromBoard.String("self"));
        Assert.Empty(fromBoard.GetProperty("boards").EnumerateArray());

        // On the relay the board's session is cam1/test, written cam1%2Ftest in one segment, and test by its alias.
        var listed = Assert.Single((await relayApi.GetJsonAsync("/api/v1/sessions")).EnumerateArray());
        Assert.Equal("cam1/test", listed.String("name"));
        Assert.Equal(["test"], listed.GetProperty("aliases").EnumerateArray().Select(alias => alias.GetString()));
        Assert.Equal("board", listed.GetProperty("source").String("kind"));
        Assert.Equal("cam1/test", (await relayApi.GetJsonAsync("/api/v1/sessions/cam1%2Ftest")).String("name"));
        Assert.Equal("cam1/test", (await relayApi.GetJsonAsync("/api/v1/sessions/test")).String("name"));
        Assert.Equal($"rtsp://127.0.0.1:{relay.Port}/cam1/test", listed.GetProperty("urls").String("rtsp"));

        // A player through the relay is the relay's reader, and the relay's link the board's.
        await using var player = await PlayingClient.PlayTcpAsync(relay.Port, relay.UrlOf("cam1/test"));
        await player.ReceivesAsync(20, TimeSpan.FromSeconds(15));
        var relayReader = Assert.Single(await relayApi.ReadersAsync("cam1/test"));
        Assert.Equal(("rtsp-tcp", player.Address), (relayReader.String("kind"), relayReader.String("address")));
        var link = Assert.Single(await boardApi.ReadersAsync("test"));
        Assert.Equal("relay", link.String("kind"));
        Assert.False(link.GetProperty("kickable").GetBoolean());
        Assert.True(link.GetProperty("framesSent").GetInt64() > 0);
        await ApiCalls.ProblemAsync(await boardApi.KickAsync("test", link.String("id")), HttpStatusCode.Conflict);

        // A relay's sessions are its boards': they are neither created nor ended there.
        await ApiCalls.ProblemAsync(await relayApi.DeleteAsync("/api/v1/sessions/cam1%2Ftest"), HttpStatusCode.MethodNotAllowed);
        await ApiCalls.ProblemAsync(await relayApi.PostJsonAsync("/api/v1/sessions", new { name = "cam", url = board.UrlOf("test") }), HttpStatusCode.MethodNotAllowed);

        // The relay's player can be kicked on the relay.
        Assert.Equal(HttpStatusCode.NoContent, (await relayApi.KickAsync("cam1/test", relayReader.String("id"))).StatusCode);
        await ApiCalls.UntilAsync(() => Task.FromResult(player.Closed), closed => closed, TimeSpan.FromSeconds(5), "the relay's player closing");
    }
}
