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
    private readonly Gauge _alive, _messages, _deepest;

    public ActorCensusMetrics(ActorSystem system, IMetricFactory factory)
    {
        _census = ActorCensus.Get(system);
        _alive = factory.CreateGauge("mediaactors_actors", "Actors alive, by kind (an actor's name without its number: session, connection, ...).", ["kind"]);
        _messages = factory.CreateGauge("mediaactors_mailbox_messages", "Messages waiting in the mailboxes of the actors of a kind.", ["kind"]);
        _deepest = factory.CreateGauge("mediaactors_mailbox_depth_max", "Messages waiting in the deepest mailbox of an actor of a kind.", ["kind"]);
    }

    public void Collect()
    {
        var kinds = _census.Count();
        foreach (var kind in kinds)
        {
            _alive.WithLabels(kind.Kind).Set(kind.Alive);
            _messages.WithLabels(kind.Kind).Set(kind.MailboxMessages);
            _deepest.WithLabels(kind.Kind).Set(kind.DeepestMailbox);
        }

        var present = kinds.Select(kind => kind.Kind).ToHashSet(StringComparer.Ordinal);
        foreach (var gauge in new[] { _alive, _messages, _deepest })
        {
            foreach (var labels in gauge.GetAllLabelValues().Where(labels => !present.Contains(labels[0])).ToList())
            {
                gauge.RemoveLabelled(labels);
            }
        }
    }
}
