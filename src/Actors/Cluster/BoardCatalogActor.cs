using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using MediaActors.Sessions;

namespace MediaActors.Cluster;

/// <summary>
/// A member's list of the sessions it offers to relays, told to every relay that watches it
/// (<see cref="BoardCatalog.Watch"/>). On a board it is kept at <c>/user/board</c> (started with
/// <see cref="BoardCatalog.StartCatalog"/>) and learns of the node's sessions from the event stream
/// (<see cref="MediaSession.Published"/> once a session has its parameter sets,
/// <see cref="MediaSession.Withdrawn"/> when it stops), so sessions created or destroyed on the
/// board through the K230 API appear on the relays by themselves. On a relay it is the relay's
/// child <c>catalog</c>, told by the relay what it serves (<see cref="BoardCatalog.SessionOffered"/>
/// and <see cref="BoardCatalog.SessionWithdrawn"/> under the boards' own names), so that edge relays
/// that name it as their upstream pull each stream from it, once per edge.
/// </summary>
public sealed class BoardCatalogActor : ReceiveActor
{
    private readonly string _name;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<(string Board, string Session), BoardCatalog.SessionOffered> _sessions = new();
    private readonly HashSet<IActorRef> _relays = new();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);

    /// <param name="name">The member's name in <see cref="BoardCatalog.Watching"/>: the board's name, on a board.</param>
    public BoardCatalogActor(string name)
    {
        _name = name;
        Receive<MediaSession.Published>(published =>
            Offer(new BoardCatalog.SessionOffered(_name, published.Name, published.Codec, published.ParameterSets, published.Session, published.Audio)));
        Receive<MediaSession.Withdrawn>(withdrawn =>
        {
            // A session of the same name created since (by another server on this node) stays offered.
            if (_sessions.TryGetValue((_name, withdrawn.Name), out var offer) && offer.Source.Equals(withdrawn.Session))
            {
                Withdraw(_name, withdrawn.Name);
            }
        });
        Receive<BoardCatalog.SessionOffered>(Offer);
        Receive<BoardCatalog.SessionWithdrawn>(withdrawn => Withdraw(withdrawn.Board, withdrawn.Session));
        Receive<BoardCatalog.Watch>(_ => OnWatch(Sender));
        Receive<Terminated>(terminated =>
        {
            if (_relays.Remove(terminated.ActorRef))
            {
                _log.Info("Catalog {0}: relay {1} is gone", _name, terminated.ActorRef.Path.Address);
            }
        });
    }

    public static Props Props(string name) => Akka.Actor.Props.Create(() => new BoardCatalogActor(name));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Offer(BoardCatalog.SessionOffered offer)
    {
        _sessions[(offer.Board, offer.Session)] = offer;
        _log.Info("Catalog {0}: session {1}/{2} ({3}{4}) offered to {5} relay(s)", _name, offer.Board, offer.Session, offer.Codec,
            offer.Audio is { } audio ? $" + {audio}" : "", _relays.Count);
        Tell(offer);
    }

    private void Withdraw(string board, string session)
    {
        if (_sessions.Remove((board, session)))
        {
            _log.Info("Catalog {0}: session {1}/{2} withdrawn", _name, board, session);
            Tell(new BoardCatalog.SessionWithdrawn(board, session));
        }
    }

    /// <summary>A relay (new, or asking again after it lost sight of this member) gets the whole list.</summary>
    private void OnWatch(IActorRef relay)
    {
        if (!IsMember(relay.Path.Address))
        {
            // A board restarted on its old address hears from relays before it has joined them: they
            // still hold its old incarnation and ask that address again as soon as it answers their
            // pings. Watching a relay that is not a member of this node's cluster would be Akka's
            // remote watch, which quarantines the relay for good after 10 s without heartbeats
            // (a relay busy or paused while its cluster removes the old incarnation), and a board
            // that quarantined its relay can never join it. The relay asks again every watch-retry.
            _log.Info("Catalog {0}: relay {1} asks before it is a member of this node's cluster; it is answered once it is",
                _name, relay.Path.Address);
            return;
        }

        if (_relays.Add(relay))
        {
            Context.Watch(relay);
            _log.Info("Catalog {0}: relay {1} watches it", _name, relay.Path.Address);
        }
        relay.Tell(new BoardCatalog.Watching(_name));
        foreach (var offer in _sessions.Values)
        {
            relay.Tell(offer);
        }
    }

    /// <summary>A local asker (a test, this node's own tools) is always answered: watching it involves no remoting.</summary>
    private bool IsMember(Address address) =>
        address.HasLocalScope
        || _cluster.State.Members.Any(member => member.Address.Equals(address) && member.Status is MemberStatus.Up or MemberStatus.WeaklyUp);

    private void Tell(object message)
    {
        foreach (var relay in _relays)
        {
            relay.Tell(message);
        }
    }
}
