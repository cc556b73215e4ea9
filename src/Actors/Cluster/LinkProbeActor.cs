using Akka.Actor;

namespace MediaActors.Cluster;

/// <summary>
/// A node's end of the link checks (<see cref="LinkProbe"/>): it answers pings, and answers the
/// split-brain resolver's <see cref="LinkProbe.CanYouReach"/> by pinging the member in question
/// and waiting up to its timeout for the pong.
/// </summary>
public sealed class LinkProbeActor : ReceiveActor, IWithTimers
{
    private readonly TimeSpan _timeout;
    private readonly Dictionary<long, (IActorRef Asker, LinkProbe.CanYouReach Question)> _pending = new();
    private long _nextPing;

    public LinkProbeActor(TimeSpan timeout)
    {
        _timeout = timeout;
        Receive<LinkProbe.Ping>(ping => Sender.Tell(new LinkProbe.Pong(ping.Id)));
        Receive<LinkProbe.CanYouReach>(question =>
        {
            var id = ++_nextPing;
            _pending[id] = (Sender, question);
            Context.ActorSelection(LinkProbe.Path(question.Member)).Tell(new LinkProbe.Ping(id));
            Timers.StartSingleTimer(id, new NoPong(id), _timeout);
        });
        Receive<LinkProbe.Pong>(pong => Answer(pong.Id, reached: true));
        Receive<NoPong>(silence => Answer(silence.Id, reached: false));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="timeout">How long an answer to <see cref="LinkProbe.CanYouReach"/> waits for the pong.</param>
    public static Props Props(TimeSpan timeout) => Akka.Actor.Props.Create(() => new LinkProbeActor(timeout)).WithDeploy(Deploy.Local);

    private void Answer(long id, bool reached)
    {
        // A pong after its timeout, or to a question already answered, changes nothing.
        if (!_pending.Remove(id, out var pending))
        {
            return;
        }

        Timers.Cancel(id);
        pending.Asker.Tell(new LinkProbe.Reach(pending.Question.Member, pending.Question.Id, reached));
    }

    private sealed record NoPong(long Id);
}
