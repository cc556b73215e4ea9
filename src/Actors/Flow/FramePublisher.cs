using Akka.Actor;
using MediaActors.Pipeline;

namespace MediaActors.Flow;

/// <summary>
/// The producer's side of the camera protocol, for any actor that publishes
/// <see cref="EncodedFrame"/>s: a camera to its sessions, a board's session to the relays that pull
/// from it. Each consumer has its own <see cref="CreditWindow"/>; one without credit misses frames
/// up to the next keyframe (counted), so a slow consumer never holds up the producer or the others.
/// The owning actor routes <see cref="FrameFlow.Attach"/>, <see cref="FrameFlow.Request"/>,
/// <see cref="FrameFlow.Detach"/> and <see cref="Terminated"/> here and watches what <see cref="Attach"/> reports as new.
/// </summary>
public sealed class FramePublisher
{
    private readonly Dictionary<IActorRef, Consumer> _consumers = new();

    public int Count => _consumers.Count;

    public IEnumerable<IActorRef> Consumers => _consumers.Keys;

    /// <summary>Adds a consumer with full credit, or re-attaches one whose frames in flight still count. True when it is new (watch it).</summary>
    public bool Attach(IActorRef consumer, int credit)
    {
        if (_consumers.TryGetValue(consumer, out var existing))
        {
            existing.Credit.Reattach(credit);
            return false;
        }
        var added = new Consumer();
        added.Credit.Attach(credit);
        _consumers.Add(consumer, added);
        return true;
    }

    /// <summary>Removes a consumer (it detached or stopped) and returns what it got; null when it was none (else unwatch it).</summary>
    public FrameFlow.ConsumerStats? Remove(IActorRef consumer) =>
        _consumers.Remove(consumer, out var state) ? StatsOf(consumer, state) : null;

    public void Grant(IActorRef consumer, int count)
    {
        if (_consumers.TryGetValue(consumer, out var state))
        {
            state.Credit.Grant(count);
        }
    }

    /// <summary>Sends the frame to every consumer that waits for no keyframe and has credit, with <paramref name="self"/> as sender.</summary>
    public void Publish(EncodedFrame frame, IActorRef self)
    {
        foreach (var (consumer, state) in _consumers)
        {
            // A consumer starts, and resumes after missing frames, only at a keyframe.
            if (state.WaitingForKeyframe && !frame.IsKeyframe)
            {
                if (state.Sent > 0)
                {
                    state.Dropped++;
                }

                continue;
            }
            if (!state.Credit.TryTake())
            {
                state.WaitingForKeyframe = true;
                state.Dropped++;
                continue;
            }
            state.WaitingForKeyframe = false;
            state.Sent++;
            consumer.Tell(frame, self);
        }
    }

    /// <summary>Tells every consumer the stream is over and forgets them.</summary>
    public void End(string reason, IActorRef self)
    {
        foreach (var consumer in _consumers.Keys)
        {
            consumer.Tell(new FrameFlow.Ended(reason), self);
        }

        _consumers.Clear();
    }

    public IReadOnlyList<FrameFlow.ConsumerStats> Stats() => _consumers.Select(c => StatsOf(c.Key, c.Value)).ToList();

    private static FrameFlow.ConsumerStats StatsOf(IActorRef consumer, Consumer state) =>
        new(consumer, state.Sent, state.Dropped, state.Credit.Credit);

    private sealed class Consumer
    {
        public readonly CreditWindow Credit = new();
        public bool WaitingForKeyframe = true;
        public long Sent, Dropped;
    }
}
