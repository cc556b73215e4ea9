using Akka.Actor;
using MediaActors.Connections;
using MediaActors.Host.Http;

namespace MediaActors.Host.Service;

/// <summary>
/// The node is alive when its actor system runs, a message makes the round trip through the
/// dispatcher that carries the media (sessions, RTP senders), and its RTSP listener answers once
/// it has one. A process whose HTTP probe still answers can have all of these wedged (a deadlock,
/// a session spinning on both media threads), and only a restart helps it then.
/// </summary>
public sealed class ActorSystemLivenessCheck(ActorSystem system, RunningServer running) : ILivenessCheck
{
    private IActorRef? _echo;

    public async Task<string?> FindProblemAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        if (system.WhenTerminated.IsCompleted)
        {
            return "the actor system has terminated";
        }

        _echo ??= system.ActorOf(MediaDispatcher.On(Props.Create<EchoActor>(), system), "service-watchdog");
        var checks = new List<Task<string?>> { AnswersAsync(_echo, EchoActor.Ping.Instance, $"an actor on {MediaDispatcher.Id}", timeout, cancellation) };
        if (running.Current?.Listener is { } listener)
        {
            checks.Add(AnswersAsync(listener, RtspListener.GetStats.Instance, "the RTSP listener", timeout, cancellation));
        }

        var problems = (await Task.WhenAll(checks)).OfType<string>().ToList();
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static async Task<string?> AnswersAsync(IActorRef actor, object question, string what, TimeSpan timeout, CancellationToken cancellation)
    {
        try
        {
            await actor.Ask<object>(question, timeout, cancellation);
            return null;
        }
        catch (AskTimeoutException)
        {
            return $"{what} did not answer within {timeout.TotalMilliseconds:0} ms";
        }
    }

    /// <summary>Answers on whatever dispatcher it was created on: the answer proves that dispatcher runs.</summary>
    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor() => Receive<Ping>(ping => Sender.Tell(ping));

        public sealed class Ping
        {
            public static readonly Ping Instance = new();
        }
    }
}
