using Akka.Actor;
using Akka.Event;
using MediaActors.Configuration;

namespace MediaActors.Sessions;

/// <summary>
/// Parent and directory of the <see cref="MediaSessionActor"/>s of one server: creates and
/// destroys them by name and routes requests for a stream path to the right one.
/// </summary>
public sealed class SessionRegistryActor : ReceiveActor
{
    private readonly RtspServerSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private long _createdCount;

    public SessionRegistryActor(RtspServerSettings settings)
    {
        _settings = settings;
        Receive<SessionRegistry.CreateSession>(Create);
        Receive<SessionRegistry.DestroySession>(Destroy);
        Receive<SessionRegistry.ForwardToSession>(Route);
        Receive<SessionRegistry.SetAlias>(SetAlias);
        Receive<Terminated>(OnSessionTerminated);
    }

    public static Props Props(RtspServerSettings settings) =>
        Akka.Actor.Props.Create(() => new SessionRegistryActor(settings));

    // An exception while handling one frame or request is no reason to end a stream: the session
    // resumes with its state (subscribers, sequence numbers, SSRC) intact. A restart would lose
    // its subscribers without their connections noticing.
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(Decider.From(Directive.Resume));

    private void Create(SessionRegistry.CreateSession request)
    {
        if (_sessions.ContainsKey(request.Name))
        {
            Sender.Tell(new Status.Failure(new RtspServerException($"A session named '{request.Name}' already exists.")));
            return;
        }

        // Session names may hold characters actor names cannot, so children get a sequence name.
        var session = Context.ActorOf(
            MediaDispatcher.On(MediaSessionActor.Props(request.Name, request.Video, request.Audio, _settings, request.Gate), Context.System), $"session-{++_createdCount}");
        Context.Watch(session);
        _sessions.Add(request.Name, session);
        _log.Info("Session {0} created ({1}{2})", request.Name, request.Video, request.Audio is { } audio ? $" + {audio}" : "");
        Sender.Tell(new SessionRegistry.SessionCreated(request.Name, session));
    }

    private void Destroy(SessionRegistry.DestroySession request)
    {
        var existed = _sessions.Remove(request.Name, out var session);
        if (existed)
        {
            Context.Unwatch(session!);
            Context.Stop(session!);
            _log.Info("Session {0} destroyed", request.Name);
        }
        Sender.Tell(new SessionRegistry.SessionDestroyed(request.Name, existed));
    }

    private void SetAlias(SessionRegistry.SetAlias request)
    {
        if (request.Name is null)
        {
            _aliases.Remove(request.Alias);
        }
        else
        {
            _aliases[request.Alias] = request.Name;
        }
    }

    private void Route(SessionRegistry.ForwardToSession request)
    {
        if (_sessions.TryGetValue(request.StreamPath, out var session)
            || (_aliases.TryGetValue(request.StreamPath, out var name) && _sessions.TryGetValue(name, out session)))
        {
            session.Forward(request.Message);
        }
        else
        {
            Sender.Tell(new SessionRegistry.SessionNotFound(request.StreamPath));
        }
    }

    private void OnSessionTerminated(Terminated terminated)
    {
        foreach (var (name, session) in _sessions)
        {
            if (!session.Equals(terminated.ActorRef))
            {
                continue;
            }

            _sessions.Remove(name);
            _log.Warning("Session {0} stopped unexpectedly", name);
            return;
        }
    }
}
