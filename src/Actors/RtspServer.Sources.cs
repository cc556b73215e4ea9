using System.Collections.Concurrent;
using Akka.Actor;
using MediaActors.Sessions;
using MediaActors.Sources;

namespace MediaActors;

/// <summary>Beyond the K230 API: sessions fed by a camera pulled over RTSP instead of by SendVideoData.</summary>
public sealed partial class RtspServer
{
    private static int _sourceCount;
    private readonly ConcurrentDictionary<string, IActorRef> _sources = new(StringComparer.Ordinal);

    /// <summary>
    /// Pulls the camera at <see cref="RtspSourceSettings.Url"/> into a session named
    /// <see cref="RtspSourceSettings.SessionName"/>. The session appears once the camera has
    /// described its stream (its codecs are the camera's); from then on it is an ordinary session
    /// (GOP cache, any number of clients, relays). The source reconnects by itself when the camera
    /// goes away, and its clients stay connected meanwhile. See <see cref="GetSourceStats"/> for its state.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid session name, or is taken by a session (a publisher's too) or another source.</exception>
    public void PullRtspSource(RtspSourceSettings source)
    {
        ArgumentNullException.ThrowIfNull(source);
        ValidateSessionName(source.SessionName);
        lock (_lifecycle)
        {
            RequireInitialized(nameof(PullRtspSource));
            if (_sessions.ContainsKey(source.SessionName) || _sources.ContainsKey(source.SessionName) || IsRegistered(source.SessionName))
            {
                throw new SessionNameTakenException(source.SessionName, nameof(source));
            }

            var actor = System.ActorOf(RtspSourceActor.Props(source, _registry!, _settings), $"rtsp-source-{Interlocked.Increment(ref _sourceCount)}");
            _sources[source.SessionName] = actor;
            // A source that stops by itself (its session could not be created: the name was taken
            // meanwhile) feeds nothing: it is forgotten, so it is neither listed nor asked, and the
            // name can be pulled again.
            _ = actor.WatchAsync().ContinueWith(_ => _sources.TryRemove(KeyValuePair.Create(source.SessionName, actor)), TaskScheduler.Default);
        }
    }

    /// <summary>The names of the sessions pulled from cameras (<see cref="PullRtspSource"/>), whether or not their camera has been reached.</summary>
    public IReadOnlyList<string> PulledSessionNames => _sources.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The state and counters of the source of <paramref name="sessionName"/>.</summary>
    /// <exception cref="RtspSessionNotFoundException">No source feeds a session of that name.</exception>
    public RtspSource.Stats GetSourceStats(string sessionName)
    {
        ArgumentNullException.ThrowIfNull(sessionName);
        RequireInitialized(nameof(GetSourceStats));
        return _sources.TryGetValue(sessionName, out var source)
            ? AskSynchronously<RtspSource.Stats>(source, RtspSource.GetStats.Instance)
            : throw new RtspSessionNotFoundException(sessionName);
    }

    /// <summary>The counters of a session, whether fed by SendVideoData, a camera actor or a pulled source.</summary>
    /// <exception cref="RtspSessionNotFoundException">There is no session of that name (a pulled source's appears once its camera described its stream).</exception>
    public MediaSession.Stats GetSessionStats(string sessionName)
    {
        ArgumentNullException.ThrowIfNull(sessionName);
        RequireInitialized(nameof(GetSessionStats));
        var answer = AskSynchronously<object>(_registry!, new SessionRegistry.ForwardToSession(sessionName, MediaSession.GetStats.Instance));
        return answer as MediaSession.Stats ?? throw new RtspSessionNotFoundException(sessionName);
    }

    /// <summary>True when the registry has a session (or alias) of that name that is not this facade's: a publisher's.</summary>
    private bool IsRegistered(string sessionName) =>
        AskSynchronously<SessionRegistry.SessionList>(_registry!, SessionRegistry.ListSessions.Instance).Sessions
            .Any(session => session.Name == sessionName || session.Aliases.Contains(sessionName));

    /// <summary>Stops the source of a session, if a source feeds it; true when one did.</summary>
    private bool StopSource(string sessionName)
    {
        if (!_sources.TryRemove(sessionName, out var source))
        {
            return false;
        }

        source.GracefulStop(OperationTimeout).Wait(OperationTimeout);
        return true;
    }

    /// <summary>Stops every source (their sessions go with the registry).</summary>
    private void StopSources()
    {
        foreach (var source in _sources.Values)
        {
            source.GracefulStop(OperationTimeout).Wait(OperationTimeout);
        }

        _sources.Clear();
    }
}
