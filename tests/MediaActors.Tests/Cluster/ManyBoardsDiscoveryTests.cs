using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using MediaActors.Testing;
using MediaActors.Testing.Cluster;
using MediaActors.Testing.Rtsp;
using RelayProtocol = MediaActors.Cluster.Relay;

namespace MediaActors.Tests.Cluster;

/// <summary>
/// Discovery at a count: ten boards, each an actor system of its own, start at once and join a
/// cluster of two relays over loopback; every board's session must be served by both relays, and
/// play there up to its first RTP packet, within <see cref="Bound"/> of the board's start. The
/// times are printed. (bench/cluster-scale.sh measures fifty boards and three relays as processes.)
/// </summary>
public sealed class ManyBoardsDiscoveryTests(ITestOutputHelper output)
{
    private const int Boards = 10;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    [Fact(Timeout = 150_000)]
    public async Task Ten_boards_started_at_once_are_served_and_play_on_both_relays_within_30_seconds_of_their_start()
    {
        // Encoded once for every board before any clock starts.
        await EncodedTestStream.GetAccessUnitsAsync();
        await using var first = await RelayNode.StartAsync();
        await using var second = await RelayNode.StartAsync(seed: first.Address);
        var relays = new[] { first, second };
        var names = Enumerable.Range(1, Boards).Select(i => $"board-{i:00}").ToList();
        var boards = new ConcurrentBag<BoardNode>();
        var started = new ConcurrentDictionary<string, TimeSpan>();
        var clock = Stopwatch.StartNew();
        try
        {
            var starting = names.Select(name => Task.Run(async () =>
            {
                started[name] = clock.Elapsed;
                boards.Add(await BoardNode.StartAsync(name, first.Address));
            })).ToList();
            var (served, playable) = await WatchRelaysAsync(relays, names, clock, clock.Elapsed + Bound + Bound);
            await Task.WhenAll(starting);

            Report(relays, names, started, served, playable, clock);
            foreach (var name in names)
            {
                foreach (var relay in relays)
                {
                    Assert.True(playable.TryGetValue((relay.Port, name), out var at),
                        $"{name} never played on the relay at port {relay.Port} (served: {served.ContainsKey((relay.Port, name))})");
                    Assert.True(at - started[name] <= Bound, $"{name} played on the relay at port {relay.Port} {(at - started[name]).TotalSeconds:F1} s after its start");
                }
            }
        }
        finally
        {
            await Task.WhenAll(boards.Select(board => board.DisposeAsync().AsTask()));
        }
    }

    /// <summary>
    /// Polls every relay's sessions until each board is served and played on each relay, or the
    /// deadline passes; a board/relay pair is played (until its first RTP packet) as soon as the
    /// relay serves it. Returns when each pair was first served and first played, on the clock.
    /// </summary>
    private static async Task<(IDictionary<(int Relay, string Board), TimeSpan> Served, IDictionary<(int Relay, string Board), TimeSpan> Playable)>
        WatchRelaysAsync(IReadOnlyList<RelayNode> relays, IReadOnlyList<string> names, Stopwatch clock, TimeSpan deadline)
    {
        var served = new ConcurrentDictionary<(int, string), TimeSpan>();
        var playable = new ConcurrentDictionary<(int, string), TimeSpan>();
        var probes = new List<Task>();
        while (clock.Elapsed < deadline && playable.Count < relays.Count * names.Count)
        {
            foreach (var relay in relays)
            {
                var sessions = await relay.Relay.Ask<RelayProtocol.Sessions>(RelayProtocol.GetSessions.Instance, AskTimeout);
                foreach (var session in sessions.Served.Where(s => s.Session == BoardNode.Session && names.Contains(s.Board)))
                {
                    if (served.TryAdd((relay.Port, session.Board), clock.Elapsed))
                    {
                        var key = (relay.Port, session.Board);
                        probes.Add(Task.Run(async () => playable[key] = await FirstPacketAsync(relay, session.Path, clock)));
                    }
                }
            }

            if (probes.Any(probe => probe.IsFaulted))
            {
                break;
            }

            await Task.Delay(PollInterval);
        }

        await Task.WhenAll(probes);
        return (served, playable);
    }

    /// <summary>DESCRIBE, SETUP and PLAY of the relayed path; when its first RTP packet came, on the clock.</summary>
    private static async Task<TimeSpan> FirstPacketAsync(RelayNode relay, string path, Stopwatch clock)
    {
        await using var client = await RtspTestClient.ConnectAsync(relay.Port);
        var url = relay.UrlOf(path);
        var described = await client.RequestAsync("DESCRIBE", url, ("Accept", "application/sdp"));
        Assert.True(described.Status == 200, $"DESCRIBE {url}: {described}");
        await client.SetupAndPlayAsync(url);
        while ((await client.ReadInterleavedAsync()).Channel != 0)
        {
            // RTCP before the first RTP packet is passed over.
        }

        return clock.Elapsed;
    }

    private void Report(IReadOnlyList<RelayNode> relays, IReadOnlyList<string> names, IReadOnlyDictionary<string, TimeSpan> started,
        IDictionary<(int Relay, string Board), TimeSpan> served, IDictionary<(int Relay, string Board), TimeSpan> playable, Stopwatch clock)
    {
        double? Everywhere(IDictionary<(int Relay, string Board), TimeSpan> times, string name) =>
            relays.All(relay => times.ContainsKey((relay.Port, name)))
                ? relays.Max(relay => times[(relay.Port, name)] - started[name]).TotalSeconds
                : null;

        output.WriteLine($"{Boards} boards, {relays.Count} relays; seconds from each board's start (its starts spread over " +
                         $"{(started.Values.Max() - started.Values.Min()).TotalSeconds:F2} s):");
        foreach (var name in names)
        {
            output.WriteLine($"  {name}: served on both {Everywhere(served, name):F2}, playable on both {Everywhere(playable, name):F2}");
        }

        var playableEverywhere = names.Select(name => Everywhere(playable, name)).OfType<double>().Order().ToList();
        if (playableEverywhere.Count > 0)
        {
            output.WriteLine($"playable on both: p50 {playableEverywhere[(playableEverywhere.Count - 1) / 2]:F2} s, max {playableEverywhere[^1]:F2} s; " +
                             $"every board on every relay {(playable.Values.DefaultIfEmpty().Max() - started.Values.Min()).TotalSeconds:F2} s after the first start " +
                             $"({clock.Elapsed.TotalSeconds:F1} s in all)");
        }
    }
}
