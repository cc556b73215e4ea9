using Akka.Actor;

namespace MediaActors.Flow;

/// <summary>One consumer of a publisher's <see cref="FanOut{TConsumer}"/>: the actor and the gate its frames pass.</summary>
public class FlowConsumer(IActorRef actor, FrameGate gate)
{
    public IActorRef Actor { get; } = actor;

    public FrameGate Gate { get; } = gate;

    /// <summary>When it joined.</summary>
    public DateTimeOffset Since { get; } = DateTimeOffset.UtcNow;

    /// <summary>What it got and missed, in the shape every hop reports.</summary>
    public FrameFlow.ConsumerStats Stats() => new(Actor, Gate.Sent, Gate.Dropped, Gate.Credit);
}
