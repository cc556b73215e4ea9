using Akka.Actor;
using Akka.Event;
using MediaActors.Sessions;

namespace MediaActors.Cluster;

/// <summary>
/// A board's list of relayable sessions, kept at <c>/user/board</c> (started with
/// <see cref="BoardCatalog.StartCatalog"/>): it learns of the node's
/// sessions from the event stream (<see cref="MediaSession.Published"/> once a session has its
/// parameter sets, <see cref="MediaSession.Withdrawn"/> when it stops) and tells every relay that
/// watches it, so sessions created or destroyed on the board through the K230 API appear on the
/// relays by themselves.
/// </summary>
public sealed class BoardCatalogActor : ReceiveActor
{
    private readonly string _board;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, BoardCatalog.SessionOffered> _sessions = new(StringComparer.Ordinal);
    private readonly HashSet<IActorRef> _relays = new();

    public BoardCatalogActor(string board)
    {
        _board = board;
        Receive<MediaSession.Published>(OnPublished);
        Receive<MediaSession.Withdrawn>(OnWithdrawn);
        Receive<BoardCatalog.Watch>(_ => OnWatch(Sender));
        Receive<Terminated>(terminated =>
        {
            if (_relays.Remove(terminated.ActorRef))
            {
                _log.Info("Board {0}: relay {1} is gone", _board, terminated.ActorRef.Path.Address);
            }
        });
    }

    public static Props Props(string board) => Akka.Actor.Props.Create(() => new BoardCatalogActor(board));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void OnPublished(MediaSession.Published published)
    {
        var offer = new BoardCatalog.SessionOffered(_board, published.Name, published.Codec, published.ParameterSets, published.Session, published.Audio);
        _sessions[published.Name] = offer;
        _log.Info("Board {0}: session {1} ({2}{3}) offered to {4} relay(s)", _board, published.Name, published.Codec,
            published.Audio is { } audio ? $" + {audio}" : "", _relays.Count);
        Tell(offer);
    }

    private void OnWithdrawn(MediaSession.Withdrawn withdrawn)
    {
        // A session of the same name created since (by another server on this node) stays offered.
        if (!_sessions.TryGetValue(withdrawn.Name, out var offer) || !offer.Source.Equals(withdrawn.Session))
        {
            return;
        }

        _sessions.Remove(withdrawn.Name);
        _log.Info("Board {0}: session {1} withdrawn", _board, withdrawn.Name);
        Tell(new BoardCatalog.SessionWithdrawn(_board, withdrawn.Name));
    }

    /// <summary>A relay (new, or asking again after it lost sight of this board) gets the whole list.</summary>
    private void OnWatch(IActorRef relay)
    {
        if (_relays.Add(relay))
        {
            Context.Watch(relay);
            _log.Info("Board {0}: relay {1} watches it", _board, relay.Path.Address);
        }
        relay.Tell(new BoardCatalog.Watching(_board));
        foreach (var offer in _sessions.Values)
        {
            relay.Tell(offer);
        }
    }

    private void Tell(object message)
    {
        foreach (var relay in _relays)
        {
            relay.Tell(message);
        }
    }
}
