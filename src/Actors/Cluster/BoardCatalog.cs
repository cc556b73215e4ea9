using Akka.Actor;
using MediaActors.Protocol.Formats;

namespace MediaActors.Cluster;

/// <summary>
/// The discovery protocol between a board and the relays of its cluster. A relay sends
/// <see cref="Watch"/> to the board's catalog (<c>/user/board</c> on the board's node) when the
/// board joins; the catalog answers <see cref="Watching"/>, then offers every session it has and,
/// from then on, each one created (<see cref="SessionOffered"/>) or destroyed
/// (<see cref="SessionWithdrawn"/>), until the relay stops. Frames then flow with the camera
/// protocol (<see cref="Pipeline.Camera"/>) from the offered session to the relay's.
/// </summary>
public static class BoardCatalog
{
    /// <summary>The name of a board's catalog actor under <c>/user</c>, where relays look for it.</summary>
    public const string ActorName = "board";

    /// <summary>The cluster role of a node with a camera and sessions to offer.</summary>
    public const string BoardRole = "board";

    /// <summary>The cluster role of a node that serves the sessions of every board.</summary>
    public const string RelayRole = "relay";

    /// <summary>
    /// Starts the catalog of board <paramref name="board"/> at <c>/user/board</c>, subscribed to the
    /// node's session announcements before this returns, so no session published from then on is
    /// missed (a subscription in the actor's PreStart would come some time after ActorOf returned).
    /// </summary>
    public static IActorRef StartCatalog(ActorSystem system, string board)
    {
        var catalog = system.ActorOf(BoardCatalogActor.Props(board), ActorName);
        system.EventStream.Subscribe(catalog, typeof(Sessions.MediaSession.Published));
        system.EventStream.Subscribe(catalog, typeof(Sessions.MediaSession.Withdrawn));
        return catalog;
    }

    /// <summary>A relay asks for the board's sessions, now and as they change. Sending it again is harmless (and resends them all).</summary>
    public sealed class Watch
    {
        public static readonly Watch Instance = new();
        private Watch() { }
    }

    /// <summary>The board's answer to <see cref="Watch"/>: its name (the first segment of its relayed URLs).</summary>
    public sealed record Watching(string Board);

    /// <summary>
    /// A session of the board a relay can serve: its video codec and parameter sets (Annex-B; enough to
    /// answer DESCRIBE before any frame crossed), its audio codec when it has audio, and
    /// <paramref name="Source"/>, the board's session actor, which publishes its frames (pictures and
    /// sound) to whoever attaches with credit.
    /// </summary>
    public sealed record SessionOffered(string Board, string Session, Codec Codec, ReadOnlyMemory<byte> ParameterSets, IActorRef Source, Codec? Audio = null);

    /// <summary>The board's session is gone (destroyed on the board).</summary>
    public sealed record SessionWithdrawn(string Board, string Session);

    /// <summary>
    /// What a relay tells the other relays every link-probe-interval: where players reach it
    /// (<paramref name="BaseUrl"/>, <c>rtsp://host:port/</c>), how many RTSP connections it has, and
    /// above how many it sends new viewers elsewhere (0: never). A relay past its own limit
    /// redirects DESCRIBEs to the least loaded relay below its limit.
    /// </summary>
    public sealed record RelayLoad(string BaseUrl, int Connections, int RedirectAbove);
}
