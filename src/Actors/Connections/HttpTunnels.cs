using System.Collections.Concurrent;
using Akka.Actor;

namespace MediaActors.Connections;

/// <summary>
/// The open RTSP-over-HTTP tunnels of a listener by their client's <c>x-sessioncookie</c>: the
/// connection that got a tunnel's GET registers here, and the connection that gets its POST looks
/// it up to hand the POST over. Shared by the connections of one listener, whichever port (RTSP
/// or HTTP) each half arrived on.
/// </summary>
public sealed class HttpTunnels
{
    private readonly ConcurrentDictionary<string, IActorRef> _byCookie = new(StringComparer.Ordinal);

    /// <summary>Registers a GET half; false when the cookie is in use by another tunnel.</summary>
    public bool TryOpen(string cookie, IActorRef getConnection) => _byCookie.TryAdd(cookie, getConnection);

    /// <summary>The connection holding the GET half with this cookie.</summary>
    public bool TryFind(string cookie, out IActorRef getConnection) => _byCookie.TryGetValue(cookie, out getConnection!);

    /// <summary>The GET half's connection ended.</summary>
    public void Close(string cookie, IActorRef getConnection) =>
        _byCookie.TryRemove(new KeyValuePair<string, IActorRef>(cookie, getConnection));

    /// <summary>To the GET half's connection: its POST half arrived; answered with <see cref="PostTaken"/> or <see cref="PostRefused"/>.</summary>
    internal sealed record PostArrived(TunnelPostStream Post);

    internal sealed class PostTaken
    {
        public static readonly PostTaken Instance = new();
        private PostTaken() { }
    }

    internal sealed record PostRefused(string Reason);
}
