using System.Diagnostics;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.EndToEnd;

/// <summary>
/// `mediaactors board` and `mediaactors relay` as real processes joined into a cluster on loopback:
/// the board's stream reaches players through the relay, a board that is killed ends its relay
/// clients and plays again when restarted, and a 20 Mbit/s stream leaves the cluster's heartbeats alone.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class BoardRelayProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(30);
    private const string Served = "Relay: serving cam1/test";
    private readonly string _directory = Directory.CreateTempSubdirectory("mediaactors-cluster-").FullName;

    [Fact(Timeout = 180_000)]
    public async Task The_boards_stream_reaches_ffprobe_and_20_clients_through_the_relay_without_loss()
    {
        var clusterPort = ServeProcess.FreeTcpPort();
        await using var relay = await ServeProcess.StartRelayAsync(clusterPort);
        await using var board = await ServeProcess.StartBoardAsync("cam1", ServeProcess.FreeTcpPort(), clusterPort, "--width", "320", "--height", "240");
        Assert.True(await relay.WaitForLogAsync(Served, DiscoveryTimeout), BothLogs(relay, board));

        foreach (var path in new[] { "cam1/test", "test" })
        {
            var streams = await Ffprobe.StreamsAsync(relay.Url + path, "tcp");
            Assert.Equal(("h264", 320, 240), (Assert.Single(streams).CodecName, streams[0].Width, streams[0].Height));
        }

        var clients = new List<RtspTestClient>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                clients.Add(await RtspTestClient.ConnectAsync(new Uri(relay.Url).Port));
                await clients[i].SetupAndPlayAsync(relay.Url + "cam1/test");
            }
            var collectors = clients.Select(_ => new RtpCollector()).ToList();
            await Task.WhenAll(clients.Select((client, i) => collectors[i].CollectForAsync(client, TimeSpan.FromSeconds(5))));

            output.WriteLine($"access units per client: {string.Join(", ", collectors.Select(c => c.AccessUnits.Count))}");
            Assert.All(collectors, collector =>
            {
                Assert.Equal(0, collector.Probe.Lost);
                Assert.True(collector.AccessUnits.Count >= 120, $"a client got {collector.AccessUnits.Count} access units in 5 s");
            });
            // One relayed stream: every client gets the same RTP stream.
            Assert.Single(collectors.Select(c => c.Probe.Ssrc).Distinct());
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
        // The relay pulled once for all of them.
        Assert.Single(board.LogLines("pulls from it"));
    }

    [Fact(Timeout = 180_000)]
    public async Task A_killed_board_ends_its_relay_clients_within_seconds_and_plays_again_when_restarted()
    {
        var clusterPort = ServeProcess.FreeTcpPort();
        var boardClusterPort = ServeProcess.FreeTcpPort();
        await using var relay = await ServeProcess.StartRelayAsync(clusterPort);
        await using var board = await ServeProcess.StartBoardAsync("cam1", boardClusterPort, clusterPort, "--width", "320", "--height", "240");
        Assert.True(await relay.WaitForLogAsync(Served, DiscoveryTimeout), BothLogs(relay, board));
        await using var client = await RtspTestClient.ConnectAsync(new Uri(relay.Url).Port);
        await client.SetupAndPlayAsync(relay.Url + "test");
        await new RtpCollector().CollectAsync(client, 10);

        var killed = Stopwatch.StartNew();
        await board.KillAsync();
        await board.DisposeAsync();

        await RtcpPackets.ReadUntilGoodbyeAsync(client);
        Assert.True(await client.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        output.WriteLine($"BYE and close {killed.ElapsedMilliseconds} ms after the board was killed");
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(15), $"the relay ended its clients {killed.Elapsed} after the board died");

        // The split-brain resolver downs the dead board, so the cluster converges and a new board can join.
        Assert.True(await relay.WaitForLogAsync("Downing", DiscoveryTimeout), relay.Log);
        await using var restarted = await ServeProcess.StartBoardAsync("cam1", boardClusterPort, clusterPort, "--width", "320", "--height", "240");
        Assert.True(await relay.WaitForLogAsync(Served, 2, DiscoveryTimeout), relay.Log);
        var streams = await Ffprobe.StreamsAsync(relay.Url + "cam1/test", "tcp");
        Assert.Equal("h264", Assert.Single(streams).CodecName);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_killed_relay_leaves_the_board_and_its_own_clients_streaming_and_a_new_relay_picks_the_board_up()
    {
        var relayClusterPort = ServeProcess.FreeTcpPort();
        var boardClusterPort = ServeProcess.FreeTcpPort();
        await using var relay = await ServeProcess.StartRelayAsync(relayClusterPort);
        await using var board = await ServeProcess.StartBoardAsync("cam1", boardClusterPort, relayClusterPort, "--width", "320", "--height", "240");
        Assert.True(await relay.WaitForLogAsync(Served, DiscoveryTimeout), BothLogs(relay, board));
        await using var local = await RtspTestClient.ConnectAsync(new Uri(board.Url).Port);
        await local.SetupAndPlayAsync(board.Url + "test");
        var collector = new RtpCollector();
        await collector.CollectAsync(local, 10);

        await relay.KillAsync();
        await relay.DisposeAsync();

        // Through the relay's death and its downing (about 10 s), the board's own client loses nothing.
        await collector.CollectForAsync(local, TimeSpan.FromSeconds(12));
        Assert.Equal(0, collector.Probe.Lost);
        Assert.True(collector.AccessUnits.Count >= 300, $"the board's client got {collector.AccessUnits.Count} access units in 12 s");
        Assert.True(await board.WaitForLogAsync("Downing", DiscoveryTimeout), board.Log);

        // A new relay joins through the board and serves it.
        await using var replacement = await ServeProcess.StartRelayAsync(ServeProcess.FreeTcpPort(), "--seed", $"127.0.0.1:{boardClusterPort}");
        Assert.True(await replacement.WaitForLogAsync(Served, DiscoveryTimeout), replacement.Log);
        var streams = await Ffprobe.StreamsAsync(replacement.Url + "cam1/test", "tcp");
        Assert.Equal("h264", Assert.Single(streams).CodecName);
    }

    [Fact(Timeout = 240_000)]
    public async Task Twenty_megabits_a_second_for_a_minute_leave_every_node_reachable()
    {
        // Two seconds of 720p at about 20 Mbit/s (noise defeats the encoder), looped by the board.
        var file = Path.Combine(_directory, "20mbit.h264");
        var made = await ExternalTool.RunAsync("ffmpeg", new[]
        {
            "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-frames:v", "60",
            "-vf", "noise=alls=40:allf=t+u", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "20M", "-maxrate", "20M", "-bufsize", "10M",
            "-g", "30", "-bf", "0", "-f", "h264", file,
        }, TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.ToString());
        var clusterPort = ServeProcess.FreeTcpPort();
        await using var relay = await ServeProcess.StartRelayAsync(clusterPort);
        await using var board = await ServeProcess.StartBoardAsync("cam1", ServeProcess.FreeTcpPort(), clusterPort, "--source", "file:" + file);
        Assert.True(await relay.WaitForLogAsync(Served, DiscoveryTimeout), BothLogs(relay, board));

        await using var client = await RtspTestClient.ConnectAsync(new Uri(relay.Url).Port);
        await client.SetupAndPlayAsync(relay.Url + "cam1/test");
        var collector = new RtpCollector();
        var clock = Stopwatch.StartNew();
        await collector.CollectForAsync(client, TimeSpan.FromSeconds(60));

        var megabits = collector.AccessUnits.Sum(au => au.AccessUnit.NalUnits.Sum(nal => (long)nal.Length)) * 8 / clock.Elapsed.TotalSeconds / 1e6;
        output.WriteLine($"{collector.AccessUnits.Count} access units, {megabits:F1} Mbit/s through the relay for {clock.Elapsed.TotalSeconds:F0} s, {collector.Probe.Lost} gaps");
        Assert.True(megabits >= 15, $"only {megabits:F1} Mbit/s crossed");
        foreach (var node in new[] { relay, board })
        {
            Assert.Empty(node.LogLines("UNREACHABLE"));
            Assert.Empty(node.LogLines("Downing"));
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Why a board did not reach its relay shows in either node's log.</summary>
    private static string BothLogs(ServeProcess relay, ServeProcess board) =>
        $"relay:\n{relay.Log}\n\nboard:\n{board.Log}";
}
