using System.Diagnostics;
using MediaActors.Testing;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.Facade;

/// <summary>Stop() and DestroySession() with clients playing: both return within a second and end those clients at once.</summary>
public sealed class LifecycleTimingTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task DestroySession_with_playing_clients_completes_within_a_second_and_ends_them()
    {
        await using var server = await StreamingServer.StartAsync(FeedMode.WholeAccessUnitPerCall);
        var clients = await PlayingClientsAsync(server, 3);

        var elapsed = Time(() => server.Server.DestroySession(StreamingServer.Session));

        Assert.True(elapsed < Second, $"DestroySession took {elapsed.TotalMilliseconds:0} ms");
        foreach (var client in clients)
        {
            Assert.True(await client.IsClosedByServerAsync(Second), "a client of the destroyed session stayed connected");
        }

        await DisposeAllAsync(clients);
    }

    [Fact]
    public async Task Stop_with_playing_clients_completes_within_a_second_and_disconnects_them()
    {
        await using var server = await StreamingServer.StartAsync(FeedMode.WholeAccessUnitPerCall);
        var clients = await PlayingClientsAsync(server, 3);

        var elapsed = Time(server.Server.Stop);

        Assert.True(elapsed < Second, $"Stop took {elapsed.TotalMilliseconds:0} ms");
        foreach (var client in clients)
        {
            Assert.True(await client.IsClosedByServerAsync(Second), "a client stayed connected after Stop");
        }

        await DisposeAllAsync(clients);
    }

    private static async Task<List<RtspTestClient>> PlayingClientsAsync(StreamingServer server, int count)
    {
        var clients = new List<RtspTestClient>();
        for (var i = 0; i < count; i++)
        {
            var client = await server.ConnectAsync();
            clients.Add(client);
            await client.SetupAndPlayAsync(server.Url);
        }
        return clients;
    }

    private static TimeSpan Time(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed;
    }

    private static async Task DisposeAllAsync(IEnumerable<RtspTestClient> clients)
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
