using System.Collections.Concurrent;
using Akka.Actor;
using MediaActors.Pushing;

namespace MediaActors;

/// <summary>Beyond the K230 API: sessions pushed to other RTSP servers (ANNOUNCE/RECORD), the board-side "RTSP pusher".</summary>
public sealed partial class RtspServer
{
    private static int _pushCount;
    private readonly ConcurrentDictionary<string, List<(RtspPushSettings Settings, IActorRef Push)>> _pushes = new(StringComparer.Ordinal);

    /// <summary>
    /// Pushes the session <paramref name="sessionName"/> to the RTSP server at
    /// <see cref="RtspPushSettings.Url"/> with ANNOUNCE/RECORD over TCP, for as long as the session
    /// lives: the pusher reads the session like a client (same flow control, so a slow target only
    /// costs itself frames) and reconnects with backoff when the target goes away or refuses. A
    /// session may be pushed to several targets. See <see cref="GetPushStats"/> for each one's state.
    /// </summary>
    /// <exception cref="RtspSessionNotFoundException">There is no session (nor a pulled source's) of that name.</exception>
    /// <exception cref="ArgumentException">The session is already pushed to that target.</exception>
    public void PushSession(string sessionName, RtspPushSettings settings)
    {
        ArgumentNullException.ThrowIfNull(sessionName);
        ArgumentNullException.ThrowIfNull(settings);
        lock (_lifecycle)
        {
            RequireInitialized(nameof(PushSession));
            if (!_sessions.ContainsKey(sessionName) && !_sources.ContainsKey(sessionName))
            {
                throw new RtspSessionNotFoundException(sessionName);
            }

            var pushes = _pushes.GetOrAdd(sessionName, _ => []);
            if (pushes.Any(push => push.Settings.Uri == settings.Uri))
            {
                throw new ArgumentException($"Session '{sessionName}' is already pushed to {settings.Uri}.", nameof(settings));
            }

            var actor = System.ActorOf(RtspPushActor.Props(sessionName, settings, _registry!, _settings), $"rtsp-push-{Interlocked.Increment(ref _pushCount)}");
            pushes.Add((settings, actor));
        }
    }

    /// <summary>The state and counters of every push of <paramref name="sessionName"/>, in the order they were started; empty when it is not pushed.</summary>
    public IReadOnlyList<RtspPush.Stats> GetPushStats(string sessionName)
    {
        ArgumentNullException.ThrowIfNull(sessionName);
        RequireInitialized(nameof(GetPushStats));
        List<IActorRef> actors;
        lock (_lifecycle)
        {
            actors = _pushes.TryGetValue(sessionName, out var pushes) ? pushes.Select(push => push.Push).ToList() : [];
        }

        return actors.Select(actor => AskSynchronously<RtspPush.Stats>(actor, RtspPush.GetStats.Instance)).ToList();
    }

    /// <summary>Stops every push of a session (each says TEARDOWN to its target); true when there was one.</summary>
    public bool StopPushes(string sessionName)
    {
        ArgumentNullException.ThrowIfNull(sessionName);
        lock (_lifecycle)
        {
            if (!_pushes.TryRemove(sessionName, out var pushes))
            {
                return false;
            }

            foreach (var (_, push) in pushes)
            {
                push.GracefulStop(OperationTimeout).Wait(OperationTimeout);
            }

            return pushes.Count > 0;
        }
    }

    /// <summary>Stops every push of every session.</summary>
    private void StopAllPushes()
    {
        foreach (var sessionName in _pushes.Keys.ToList())
        {
            StopPushes(sessionName);
        }
    }
}
