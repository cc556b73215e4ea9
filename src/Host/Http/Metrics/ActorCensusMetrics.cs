using Akka.Actor;
using MediaActors.Diagnostics;
using Prometheus;

namespace MediaActors.Host.Http.Metrics;

/// <summary>
/// The node's <see cref="ActorCensus"/> as series per actor kind: actors alive, messages waiting
/// in their mailboxes, and the deepest mailbox. Kinds are the kinds of actors the code creates
/// (tens), never one per client; a kind with no actor left loses its series.
/// </summary>
internal sealed class ActorCensusMetrics
{
    private readonly ActorCensus _census;
    private readonly SeriesFamily<Gauge.Child> _alive, _messages, _deepest;

    public ActorCensusMetrics(ActorSystem system, IMetricFactory factory)
    {
        _census = ActorCensus.Get(system);
        _alive = Gauges(factory, "mediaactors_actors", "Actors alive, by kind (an actor's name without its number: session, connection, ...).");
        _messages = Gauges(factory, "mediaactors_mailbox_messages", "Messages waiting in the mailboxes of the actors of a kind.");
        _deepest = Gauges(factory, "mediaactors_mailbox_depth_max", "Messages waiting in the deepest mailbox of an actor of a kind.");
    }

    public void Collect()
    {
        foreach (var kind in _census.Count())
        {
            _alive.Set(kind.Alive, kind.Kind);
            _messages.Set(kind.MailboxMessages, kind.Kind);
            _deepest.Set(kind.DeepestMailbox, kind.Kind);
        }

        _alive.Sweep();
        _messages.Sweep();
        _deepest.Sweep();
    }

    private static SeriesFamily<Gauge.Child> Gauges(IMetricFactory factory, string name, string help) =>
        new(factory.CreateGauge(name, help, ["kind"]));
}
