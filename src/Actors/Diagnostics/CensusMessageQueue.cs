using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace MediaActors.Diagnostics;

/// <summary>An unbounded message queue that is counted in the census from its creation to its clean-up (its actor stopped).</summary>
public sealed class CensusMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private readonly UnboundedMessageQueue _queue = new();
    private readonly ActorCensus _census;

    internal CensusMessageQueue(IActorRef? owner, ActorCensus census)
    {
        _census = census;
        Kind = ActorKind.Of(owner);
        census.Enter(this);
    }

    /// <summary>The kind of actor this queue belongs to (<see cref="ActorKind"/>).</summary>
    public string Kind { get; }

    public bool HasMessages => _queue.HasMessages;

    public int Count => _queue.Count;

    public void Enqueue(IActorRef receiver, Envelope envelope) => _queue.Enqueue(receiver, envelope);

    public bool TryDequeue(out Envelope envelope) => _queue.TryDequeue(out envelope);

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        _census.Leave(this);
        _queue.CleanUp(owner, deadletters);
    }
}
