using Akka.Actor;

namespace MediaActors.Flow;

/// <summary>
/// The consumers of one publisher (a camera, a session), each behind its own <see cref="FrameGate"/>,
/// so that one without credit misses frames up to the next keyframe while the others go on: a
/// publisher never waits for its slowest consumer. The owning actor adds consumers as they attach
/// (and watches them), removes them as they detach or stop, routes their credit here, and offers
/// each frame to them in turn.
/// </summary>
public sealed class FanOut<TConsumer> where TConsumer : FlowConsumer
{
    private readonly Dictionary<IActorRef, TConsumer> _consumers = new();

    public int Count => _consumers.Count;

    public bool TryGet(IActorRef actor, out TConsumer consumer) => _consumers.TryGetValue(actor, out consumer!);

    public void Add(TConsumer consumer) => _consumers.Add(consumer.Actor, consumer);

    /// <summary>
    /// A consumer attaches with <see cref="FrameFlow.Attach"/>: a new one is added with full credit
    /// (true: watch it); one already attached (re-pointed at this publisher) keeps its frames in
    /// flight counted.
    /// </summary>
    public bool Attach(IActorRef actor, int credit, Func<IActorRef, FrameGate, TConsumer> create)
    {
        if (_consumers.TryGetValue(actor, out var attached))
        {
            attached.Gate.Reattach(credit);
            return false;
        }

        Add(create(actor, FrameGate.WithCredit(credit)));
        return true;
    }

    /// <summary>Removes a consumer and returns it; null when it was none.</summary>
    public TConsumer? Remove(IActorRef actor) => _consumers.Remove(actor, out var consumer) ? consumer : null;

    /// <summary>Credit back from a consumer; from anyone else (a consumer already gone) it is ignored.</summary>
    public void Grant(IActorRef actor, int count)
    {
        if (_consumers.TryGetValue(actor, out var consumer))
        {
            consumer.Gate.Grant(count);
        }
    }

    /// <summary>Sends <paramref name="message"/> to every consumer whose gate passes the frame, with <paramref name="sender"/> as sender.</summary>
    public void Publish(object message, bool isKeyframe, IActorRef sender)
    {
        foreach (var consumer in _consumers.Values)
        {
            if (consumer.Gate.TryPass(isKeyframe))
            {
                consumer.Actor.Tell(message, sender);
            }
        }
    }

    /// <summary>Sends a frame outside the keyframe chain (audio) to every consumer with credit for it (<see cref="FrameGate.TryPassIndependent"/>).</summary>
    public void PublishIndependent(object message, IActorRef sender)
    {
        foreach (var consumer in _consumers.Values)
        {
            if (consumer.Gate.TryPassIndependent())
            {
                consumer.Actor.Tell(message, sender);
            }
        }
    }

    /// <summary>Tells every consumer something that is not a frame (it takes no credit).</summary>
    public void TellAll(object message, IActorRef sender)
    {
        foreach (var consumer in _consumers.Keys)
        {
            consumer.Tell(message, sender);
        }
    }

    /// <summary>Tells every consumer the stream is over and forgets them.</summary>
    public void End(string reason, IActorRef sender)
    {
        TellAll(new FrameFlow.Ended(reason), sender);
        _consumers.Clear();
    }

    /// <summary>What each consumer (or each one <paramref name="include"/> picks) got and missed.</summary>
    public IReadOnlyList<FrameFlow.ConsumerStats> Stats(Func<TConsumer, bool>? include = null) =>
        _consumers.Values.Where(consumer => include?.Invoke(consumer) ?? true).Select(consumer => consumer.Stats()).ToList();

    /// <summary>Visits the consumers without allocating (a session offers each frame to those of its track).</summary>
    public Dictionary<IActorRef, TConsumer>.ValueCollection.Enumerator GetEnumerator() => _consumers.Values.GetEnumerator();
}
