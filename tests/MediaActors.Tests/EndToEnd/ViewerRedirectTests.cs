using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

/// <summary>Two relays of one board, the first with `--redirect-above 2`: past it, new viewers are sent (302) to the second.</summary>
[Collection(ServeCollection.Name)]
public sealed class ViewerRedirectTests(ITestOutputHelper output)
{
    private static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(45);
    private const string Served = "Relay: serving cam1/test";

    [Fact(Timeout = 180_000)]
    public async Task A_relay_past_its_load_redirects_describe_to_a_relay_with_room_and_ffprobe_plays_there()
    {
        var seedPort = ServeProcess.FreeTcpPort();
        await using var busy = await ServeProcess.StartRelayAsync(seedPort, "--redirect-above", "2");
        await using var spare = await ServeProcess.StartRelayAsync(ServeProcess.FreeTcpPort(), "--seed", $"127.0.0.1:{seedPort}");
        await using var board = await ServeProcess.StartBoardAsync("cam1", ServeProcess.FreeTcpPort(), seedPort, "--width", "320", "--height", "240");
        Assert.True(await busy.WaitForLogAsync(Served, DiscoveryTimeout), busy.Log);
        Assert.True(await spare.WaitForLogAsync(Served, DiscoveryTimeout), spare.Log);

        // Below its limit the busy relay serves DESCRIBE itself.
        await using (var first = await RtspTestClient.ConnectAsync(new Uri(busy.Url).Port))
        {
            Assert.Equal(200, (await first.RequestAsync("DESCRIBE", busy.Url + "cam1/test", ("Accept", "application/sdp"))).Status);
        }

        // Two connections held open: at its limit, within a load report it sends new viewers to the spare relay.
        await using var held1 = await RtspTestClient.ConnectAsync(new Uri(busy.Url).Port);
        await using var held2 = await RtspTestClient.ConnectAsync(new Uri(busy.Url).Port);
        Assert.True(await busy.WaitForLogAsync("new viewers go to", TimeSpan.FromSeconds(10)), busy.Log);

        var redirected = await held1.RequestAsync("DESCRIBE", busy.Url + "cam1/test", ("Accept", "application/sdp"));
        Assert.Equal(302, redirected.Status);
        Assert.Equal(spare.Url + "cam1/test", redirected.Header("Location"));
        // The short URL is redirected as it was asked for.
        Assert.Equal(spare.Url + "test", (await held1.RequestAsync("DESCRIBE", busy.Url + "test")).Header("Location"));
        // An unknown stream is not redirected: it is not found here.
        Assert.Equal(404, (await held1.RequestAsync("DESCRIBE", busy.Url + "nope")).Status);

        // ffprobe follows the redirect and plays from the spare relay, which starts pulling for it.
        var streams = await Ffprobe.StreamsAsync(busy.Url + "cam1/test", "tcp");
        Assert.Equal("h264", Assert.Single(streams).CodecName);
        Assert.NotEmpty(spare.LogLines("a client wants it"));
        output.WriteLine(string.Join('\n', busy.LogLines("new viewers")));

        // Back under its limit, it serves new viewers itself again.
        await held2.DisposeAsync();
        Assert.True(await busy.WaitForLogAsync("new viewers are served here", TimeSpan.FromSeconds(10)), busy.Log);
        Assert.Equal(200, (await held1.RequestAsync("DESCRIBE", busy.Url + "cam1/test", ("Accept", "application/sdp"))).Status);
    }
}
