using System.Net;
using MediaActors.Tests.EndToEnd;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Web;

/// <summary>A relay's HTTP server serves its board's sessions like its own: the player page, the live view and recordings, under the board/session path and the alias.</summary>
[Collection(ServeCollection.Name)]
public sealed class RelayWebTests : IDisposable
{
    private static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"mediaactors-relay-recordings-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task The_relay_serves_and_records_a_boards_session_over_http()
    {
        var clusterPort = ServeProcess.FreeTcpPort();
        var httpPort = ServeProcess.FreeTcpPort();
        await using var relay = await ServeProcess.StartRelayAsync(clusterPort, "--http-port", httpPort.ToString(), "--record", _directory);
        await using var board = await ServeProcess.StartBoardAsync("cam1", ServeProcess.FreeTcpPort(), clusterPort, "--width", "320", "--height", "240");
        Assert.True(await relay.WaitForLogAsync("Relay: serving cam1/test", DiscoveryTimeout), relay.Log);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(20) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/cam1/test/")).StatusCode);
        await using var viewer = await WebSocketViewer.ConnectAsync(new Uri($"ws://127.0.0.1:{httpPort}/cam1/test/ws"));
        await viewer.ReadAsync(TimeSpan.FromSeconds(4));
        Assert.StartsWith("video/mp4; codecs=\"avc1.", viewer.Mime, StringComparison.Ordinal);
        Assert.True(viewer.Fragments.Count > 60, $"{viewer.Fragments.Count} fragments in 4 s");

        var snapshot = await http.GetAsync("/test/snapshot.jpg");
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);

        var listing = await http.GetStringAsync("/api/v1/recordings");
        Assert.Contains("\"session\":\"cam1/test\"", listing, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_directory, "cam1", "test")));
    }
}
