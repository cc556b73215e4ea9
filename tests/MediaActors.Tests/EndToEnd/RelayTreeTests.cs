using System.Diagnostics;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.EndToEnd;

/// <summary>
/// A board, a core relay and an edge relay (`relay --upstream`) as real processes: the edge serves
/// the board's session at the same URL, pulling it through the core, and follows the core's death
/// and return.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class RelayTreeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(45);
    private const string Served = "Relay: serving cam1/test";

    [Fact(Timeout = 240_000)]
    public async Task An_edge_relay_serves_the_board_through_the_core_and_plays_again_after_the_core_restarts()
    {
        var corePort = ServeProcess.FreeTcpPort();
        var boardPort = ServeProcess.FreeTcpPort();
        var core = await ServeProcess.StartRelayAsync(corePort);
        try
        {
            await using var edge = await ServeProcess.StartRelayAsync(ServeProcess.FreeTcpPort(), "--seed", $"127.0.0.1:{corePort}", "--upstream", $"127.0.0.1:{corePort}");
            await using var board = await ServeProcess.StartBoardAsync("cam1", boardPort, corePort, "--width", "320", "--height", "240");
            Assert.True(await edge.WaitForLogAsync(Served, DiscoveryTimeout), $"edge:\n{edge.Log}\ncore:\n{core.Log}");

            var streams = await Ffprobe.StreamsAsync(edge.Url + "cam1/test", "tcp");
            Assert.Equal(("h264", 320, 240), (Assert.Single(streams).CodecName, streams[0].Width, streams[0].Height));
            // The short URL works at every level too.
            Assert.Equal("h264", Assert.Single(await Ffprobe.StreamsAsync(edge.Url + "test", "tcp")).CodecName);

            await using var viewer = await RtspTestClient.ConnectAsync(new Uri(edge.Url).Port);
            await viewer.SetupAndPlayAsync(edge.Url + "cam1/test");
            var collector = new RtpCollector();
            await collector.CollectAsync(viewer, 60);
            Assert.Equal(0, collector.Probe.Lost);
            // Each stream crossed each link once: only the core pulls from the board, only the edge from the core.
            Assert.Single(board.LogLines("pulls from it"));
            Assert.Single(core.LogLines("pulls from it"));
            Assert.DoesNotContain(edge.LogLines("is watched"), line => line.Contains("board cam1", StringComparison.Ordinal));

            var killed = Stopwatch.StartNew();
            await core.KillAsync();
            await core.DisposeAsync();
            await RtcpPackets.ReadUntilGoodbyeAsync(viewer);

            Assert.True(await viewer.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
            output.WriteLine($"the edge ended its viewer {killed.ElapsedMilliseconds} ms after the core was killed");
            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(15), $"the edge ended its viewer {killed.Elapsed} after the core died");

            // Once the dead core is downed, a new one joins through the board and the edge URL plays again.
            Assert.True(await edge.WaitForLogAsync("Downing", DiscoveryTimeout) || await board.WaitForLogAsync("Downing", TimeSpan.FromSeconds(1)),
                $"edge:\n{edge.Log}\nboard:\n{board.Log}");
            core = await ServeProcess.StartRelayAsync(corePort, "--seed", $"127.0.0.1:{boardPort}");
            Assert.True(await edge.WaitForLogAsync(Served, 2, DiscoveryTimeout), $"edge:\n{edge.Log}\ncore:\n{core.Log}");
            Assert.Equal("h264", Assert.Single(await Ffprobe.StreamsAsync(edge.Url + "cam1/test", "tcp")).CodecName);
        }
        finally
        {
            await core.DisposeAsync();
        }
    }
}
