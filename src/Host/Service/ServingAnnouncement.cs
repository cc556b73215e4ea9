using System.Threading.Channels;

namespace MediaActors.Host.Service;

/// <summary>
/// The moment a node serves, said once by its worker: the URL on stdout (what scripts and tests
/// wait for) and, through <see cref="Statuses"/>, to the service manager (<see cref="ServiceNotifier"/>),
/// so that both say ready at the same moment.
/// </summary>
public sealed class ServingAnnouncement
{
    // A node says at most two things (serving, then its camera's URL): nothing to bound.
    private readonly Channel<string> _statuses = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>What the node said, first the status it became ready with.</summary>
    public ChannelReader<string> Statuses => _statuses.Reader;

    /// <summary>The node serves <paramref name="url"/>: printed on stdout and told to the service manager.</summary>
    public void Serving(string url)
    {
        Console.Out.WriteLine(url);
        Console.Out.Flush();
        _statuses.Writer.TryWrite($"serving {url}");
    }

    /// <summary>The node serves, but has no URL to print yet or at all (<paramref name="status"/> says why).</summary>
    public void ServingWithoutUrl(string status) => _statuses.Writer.TryWrite(status);
}
