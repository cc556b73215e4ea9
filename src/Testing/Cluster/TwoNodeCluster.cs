using Akka.Actor;

namespace MediaActors.Testing.Cluster;

/// <summary>
/// A board and a relay, each in an actor system of its own, joined into one cluster over loopback:
/// the board's session is served by the relay at <see cref="RelayedUrl"/> once the relay has
/// discovered it (<see cref="WaitUntilRelayedAsync"/>).
/// </summary>
public sealed class TwoNodeCluster : IAsyncDisposable
{
    private TwoNodeCluster(RelayNode relay, BoardNode board)
    {
        Relay = relay;
        Board = board;
    }

    public RelayNode Relay { get; }

    public BoardNode Board { get; }

    /// <summary>The board's session through the relay.</summary>
    public string RelayedUrl => Relay.UrlOf($"{BoardName}/{BoardNode.Session}");

    private const string BoardName = "board";

    public static async Task<TwoNodeCluster> StartAsync()
    {
        var relay = await RelayNode.StartAsync();
        try
        {
            return new TwoNodeCluster(relay, await BoardNode.StartAsync(BoardName, relay.Address));
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the relay serves the board's session (discovery takes a moment after joining).</summary>
    public async Task WaitUntilRelayedAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var sessions = await Relay.Relay.Ask<MediaActors.Cluster.Relay.Sessions>(MediaActors.Cluster.Relay.GetSessions.Instance, timeout);
            if (sessions.Served.Any(served => served.Board == BoardName && served.Session == BoardNode.Session))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Board.DisposeAsync();
        await Relay.DisposeAsync();
    }
}
