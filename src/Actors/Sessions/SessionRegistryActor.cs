using Akka.Actor;
using Akka.Event;
using MediaActors.Configuration;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtsp;
using MediaActors.Sources;

namespace MediaActors.Sessions;

/// <summary>
/// Parent and directory of the <see cref="MediaSessionActor"/>s of one server: creates and
/// destroys them by name and routes requests for a stream path to the right one. It is also the
/// parent of the <see cref="PublishPointActor"/>s of paths that RTSP publishers feed: a claim to
/// publish a path goes to its point, made together with its session for a new path.
/// </summary>
public sealed class SessionRegistryActor : ReceiveActor
{
    private readonly RtspServerSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _publishPoints = new(StringComparer.Ordinal);
    private long _createdCount;

    /// <summary>Where DESCRIBEs are sent instead (<see cref="SessionRegistry.RedirectDescribes"/>); null: answered here.</summary>
    private string? _redirectTo;

    public SessionRegistryActor(RtspServerSettings settings)
    {
        _settings = settings;
        Receive<SessionRegistry.CreateSession>(Create);
        Receive<SessionRegistry.DestroySession>(Destroy);
        Receive<SessionRegistry.ForwardToSession>(Route);
        Receive<SessionRegistry.RedirectDescribes>(redirect => _redirectTo = redirect.BaseUrl);
        Receive<SessionRegistry.SetAlias>(SetAlias);
        Receive<SessionRegistry.ListSessions>(_ => Sender.Tell(new SessionRegistry.SessionList(_sessions
            .OrderBy(session => session.Key, StringComparer.Ordinal)
            .Select(session => new SessionRegistry.SessionEntry(
                session.Key,
                _aliases.Where(alias => alias.Value == session.Key).Select(alias => alias.Key).Order(StringComparer.Ordinal).ToList(),
                session.Value))
            .ToList())));
        Receive<Publishing.Claim>(ClaimPublishing);
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

        Sender.Tell(new SessionRegistry.SessionCreated(request.Name, StartSession(request.Name, request.Video, request.Audio, request.Gate)));
    }

    private IActorRef StartSession(string name, Codec video, Codec? audio, IngestGate gate)
    {
        // Session names may hold characters actor names cannot, so children get a sequence name.
        var session = Context.ActorOf(
            MediaDispatcher.On(MediaSessionActor.Props(name, video, audio, _settings, gate), Context.System), $"session-{++_createdCount}");
        Context.Watch(session);
        _sessions.Add(name, session);
        _log.Info("Session {0} created ({1}{2})", name, video, audio is { } sound ? $" + {sound}" : "");
        return session;
    }

    /// <summary>
    /// A connection wants to publish a path: its point decides (a path being published), or a new
    /// point and session are made for it; a path that is another kind of session (the API's, a
    /// pulled camera's, a relay's) is not open to publishers.
    /// </summary>
    private void ClaimPublishing(Publishing.Claim claim)
    {
        if (!_settings.Publishing.Enabled)
        {
            Sender.Tell(new Publishing.Refused(RtspStatus.Forbidden, "publishing is disabled on this server"));
            return;
        }

        if (!_publishPoints.TryGetValue(claim.Path, out var point))
        {
            if (_sessions.ContainsKey(claim.Path) || _aliases.ContainsKey(claim.Path))
            {
                Sender.Tell(new Publishing.Refused(RtspStatus.Forbidden, $"'{claim.Path}' is a stream of this server, not open to publishers"));
                return;
            }

            var session = StartSession(claim.Path, claim.Video, claim.Audio, new IngestGate(_settings.IngestQueueBytes));
            point = Context.ActorOf(PublishPointActor.Props(claim.Path, claim.Video, claim.Audio, session, _settings.Publishing, _settings.ReceivedSourceCredit), $"publish-{_createdCount}");
            Context.Watch(point);
            _publishPoints.Add(claim.Path, point);
        }

        point.Forward(claim);
    }

    private void Destroy(SessionRegistry.DestroySession request)
    {
        if (_publishPoints.Remove(request.Name, out var point))
        {
            // A claim for the path from now on makes a new point and session.
            Context.Unwatch(point);
            Context.Stop(point);
        }

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
            // A DESCRIBE (it waits for parameter sets; SETUP does not) while this server sends new viewers elsewhere.
            if (_redirectTo is { } baseUrl && request.Message is MediaSession.Describe { WaitForParameterSets: true })
            {
                Sender.Tell(new SessionRegistry.Redirected(baseUrl + request.StreamPath));
                return;
            }

            session.Forward(request.Message);
        }
        else
        {
            Sender.Tell(new SessionRegistry.SessionNotFound(request.StreamPath));
        }
    }

    private void OnSessionTerminated(Terminated terminated)
    {
        foreach (var (path, point) in _publishPoints)
        {
            if (point.Equals(terminated.ActorRef))
            {
                _publishPoints.Remove(path);
                return;
            }
        }

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
