using System.Diagnostics;
using System.Globalization;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.EndToEnd;

/// <summary>
/// One board and two relays as real processes: a failure of one relay's link, or of one relay,
/// stays with that relay. The board is not downed and the other relay's viewers lose nothing.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class ClusterIsolationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(45);
    private const string Served = "Relay: serving cam1/test";

    [Fact(Timeout = 300_000)]
    public async Task A_cut_between_one_relay_and_the_board_ends_only_that_relays_viewers_and_it_serves_again_once_healed()
    {
        var (network, whyNot) = await IsolatedNetwork.TryCreateAsync("board", "relay1", "relay2", "viewer");
        if (network is null)
        {
            Assert.Skip($"Each node needs a network namespace of its own for one link to be cut, and {whyNot}.");
        }

        await using var _ = network;
        var seed = $"{network.AddressOf("relay1")}:4053";
        await using var relay1 = await StartAsync(network, "relay1", "relay");
        await using var relay2 = await StartAsync(network, "relay2", "relay", "--seed", seed);
        await using var board = await StartAsync(network, "board", "board", "--name", "cam1", "--seed", seed, "--width", "320", "--height", "240");
        Assert.True(await relay1.WaitForLogAsync(Served, DiscoveryTimeout), relay1.Log);
        Assert.True(await relay2.WaitForLogAsync(Served, DiscoveryTimeout), relay2.Log);

        // A viewer on each relay, for 70 s of video, from a namespace of its own.
        var watchingRelay2 = WatchAsync(network, relay2, seconds: 70, cutAtSeconds: 5);
        var watchingRelay1 = WatchAsync(network, relay1, seconds: 70, cutAtSeconds: 5);
        await Task.Delay(TimeSpan.FromSeconds(5));

        var cut = Stopwatch.StartNew();
        await network.CutAsync("relay1", "board");
        Assert.True(await relay1.WaitForLogAsync("cannot be reached from this relay", TimeSpan.FromSeconds(15)), relay1.Log);
        output.WriteLine($"relay1 stopped serving the board {cut.ElapsedMilliseconds} ms after the cut");
        await Task.Delay(TimeSpan.FromSeconds(30) - cut.Elapsed);
        await network.HealAsync("relay1");
        var healed = Stopwatch.StartNew();

        Assert.True(await relay1.WaitForLogAsync(Served, 2, TimeSpan.FromSeconds(60)), relay1.Log);
        output.WriteLine($"relay1 served the board again {healed.ElapsedMilliseconds} ms after the link healed");
        var probed = await ExternalTool.RunAsync(network.In("viewer", "ffprobe")[0], [.. network.In("viewer", "ffprobe")[1..],
            "-v", "error", "-rtsp_transport", "tcp", "-show_entries", "stream=codec_name", "-of", "csv=p=0", relay1.Url + "cam1/test"], TimeSpan.FromSeconds(30));
        Assert.True(probed.StandardOutput.Trim() == "h264", $"{probed}\nrelay1:\n{relay1.Log}");

        var onRelay2 = await watchingRelay2;
        var onRelay1 = await watchingRelay1;
        output.WriteLine($"relay2's viewer: {onRelay2}; relay1's viewer: {onRelay1}");
        Assert.True(onRelay2.Frames >= 70 * 30 * 95 / 100, $"relay2's viewer got {onRelay2}");
        Assert.True(onRelay2.LongestGapSeconds < 0.25, $"relay2's viewer got {onRelay2}");
        Assert.DoesNotContain("missed", onRelay2.Warnings, StringComparison.Ordinal);
        // relay1's viewer was ended (BYE) rather than left hanging, well before its 70 s.
        Assert.True(onRelay1.LastSeconds < 40, $"relay1's viewer got {onRelay1}");

        // Nobody downed anybody: one relay losing the board is not a majority of relays.
        foreach (var node in new[] { relay1, relay2, board })
        {
            Assert.Empty(node.LogLines("Downing"));
            Assert.False(node.HasExited, node.Log);
        }
        Assert.NotEmpty(relay2.LogLines("Not downing").Concat(relay1.LogLines("Not downing")).Concat(board.LogLines("Not downing")));
    }

    [Fact(Timeout = 240_000)]
    public async Task A_relay_frozen_for_20_s_leaves_the_other_relays_viewers_and_the_board_alone()
    {
        var seedPort = ServeProcess.FreeTcpPort();
        var boardPort = ServeProcess.FreeTcpPort();
        await using var relay1 = await ServeProcess.StartRelayAsync(seedPort);
        await using var relay2 = await ServeProcess.StartRelayAsync(ServeProcess.FreeTcpPort(), "--seed", $"127.0.0.1:{seedPort}");
        await using var board = await ServeProcess.StartBoardAsync("cam1", boardPort, seedPort, "--width", "320", "--height", "240");
        Assert.True(await relay2.WaitForLogAsync(Served, DiscoveryTimeout), relay2.Log);
        await using var viewer = await RtspTestClient.ConnectAsync(new Uri(relay2.Url).Port);
        await viewer.SetupAndPlayAsync(relay2.Url + "cam1/test");
        var collector = new RtpCollector();
        await collector.CollectAsync(viewer, 10);

        Signal("STOP", relay1.ProcessId);
        try
        {
            await collector.CollectForAsync(viewer, TimeSpan.FromSeconds(20));
        }
        finally
        {
            Signal("CONT", relay1.ProcessId);
        }

        output.WriteLine($"relay2's viewer: {collector.AccessUnits.Count} access units, {collector.Probe.Lost} packets lost");
        Assert.Equal(0, collector.Probe.Lost);
        Assert.True(collector.AccessUnits.Count >= 20 * 30 * 95 / 100, $"relay2's viewer got {collector.AccessUnits.Count} access units in 20 s");
        // The frozen relay was downed (the others could not reach it), never the board.
        Assert.DoesNotContain(relay2.LogLines("Downing"), line => line.Contains($":{boardPort}", StringComparison.Ordinal));
        Assert.False(board.HasExited, board.Log);
        // Woken, the frozen relay learns it was downed and exits 1 for its service manager to restart it, or carries on.
        await Task.Delay(TimeSpan.FromSeconds(10));
        Assert.True(!relay1.HasExited || relay1.ExitCode == 1, relay1.Log);
        output.WriteLine(relay1.HasExited ? "the frozen relay exited with 1 after it woke" : "the frozen relay carries on");
    }

    private static Task<ServeProcess> StartAsync(IsolatedNetwork network, string node, string command, params string[] arguments)
    {
        var address = network.AddressOf(node).ToString();
        var clusterPort = command == "relay" ? "4053" : "4054";
        string[] placement = command == "relay"
            ? ["--port", "8554", "--bind", address]
            : ["--rtsp-port", "8554", "--bind", address];
        return ServeProcess.StartThroughAsync(network.In(node), 8554,
            [command, .. placement, "--cluster-host", address, "--cluster-port", clusterPort, .. arguments]);
    }

    /// <summary>
    /// Plays a relay's cam1/test in the viewer's namespace with ffmpeg for up to <paramref name="seconds"/>, keeping every
    /// picture's time, and finds the longest gap between pictures from <paramref name="cutAtSeconds"/> on.
    /// </summary>
    private static async Task<Watched> WatchAsync(IsolatedNetwork network, ServeProcess relay, int seconds, double cutAtSeconds)
    {
        var command = network.In("viewer", "ffmpeg");
        var run = await ExternalTool.RunAsync(command[0], [.. command[1..],
            "-hide_banner", "-loglevel", "warning", "-rtsp_transport", "tcp", "-timeout", "10000000", "-i", relay.Url + "cam1/test",
            "-t", seconds.ToString(CultureInfo.InvariantCulture), "-map", "0:v", "-c", "copy", "-f", "framecrc", "-"], TimeSpan.FromSeconds(seconds + 40));
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var timeBase = lines.FirstOrDefault(line => line.StartsWith("#tb 0:", StringComparison.Ordinal))?["#tb 0:".Length..].Trim().Split('/') ?? ["1", "90000"];
        var secondsPerTick = double.Parse(timeBase[0], CultureInfo.InvariantCulture) / double.Parse(timeBase[1], CultureInfo.InvariantCulture);
        var times = lines.Where(line => !line.StartsWith('#'))
            .Select(line => long.Parse(line.Split(',')[2].Trim(), CultureInfo.InvariantCulture) * secondsPerTick)
            .ToList();
        // The longest gap from the cut on (5 s in): what the start-up of two viewers at once costs on a loaded machine is another matter.
        var (longestGap, gapAt) = times.Zip(times.Skip(1), (earlier, later) => (Gap: later - earlier, At: earlier))
            .Where(pair => pair.At >= cutAtSeconds).DefaultIfEmpty().MaxBy(pair => pair.Gap);
        return new Watched(times.Count, times.LastOrDefault(), longestGap, gapAt, run.StandardError);
    }

    private static void Signal(string signal, int processId)
    {
        using var kill = Process.Start("kill", [$"-{signal}", processId.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private sealed record Watched(int Frames, double LastSeconds, double LongestGapSeconds, double GapAtSeconds, string Warnings)
    {
        public override string ToString() =>
            $"{Frames} pictures up to {LastSeconds:F1} s, longest gap {LongestGapSeconds * 1000:F0} ms at {GapAtSeconds:F1} s" +
            (Warnings.Length > 0 ? $", warnings: {Warnings.Trim()}" : "");
    }
}
