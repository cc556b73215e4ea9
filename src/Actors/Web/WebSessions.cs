using Akka.Actor;
using MediaActors.Operations;
using MediaActors.Sessions;

namespace MediaActors.Web;

/// <summary>
/// What the HTTP server serves from, whichever kind of node it runs on: the node's sessions (its
/// session registry) and their web outputs (a <see cref="WebStreamsActor"/>).
/// </summary>
public sealed class WebSessions(IActorRef registry, IActorRef webStreams, WebSettings settings, IActorRef? recordings)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public IActorRef Registry { get; } = registry;

    /// <summary>What operators ask of the sessions and their readers.</summary>
    public SessionOperations Operations { get; } = new(registry);

    public IActorRef WebStreams { get; } = webStreams;

    public WebSettings Settings { get; } = settings;

    /// <summary>The node's recorder (<see cref="Recording.RecordingsActor"/>); null when it records nothing.</summary>
    public IActorRef? Recordings { get; } = recordings;

    /// <summary>The node's RTSP listener (<see cref="Connections.RtspListenerActor"/>), for its counters and whether it listens; null when unknown.</summary>
    public IActorRef? Listener { get; init; }

    /// <summary>Web outputs over <paramref name="registry"/>, their actor started in <paramref name="system"/>; <paramref name="listener"/> is the node's RTSP listener.</summary>
    public static WebSessions Start(IActorRefFactory system, IActorRef registry, WebSettings settings, IActorRef? recordings, string name, IActorRef? listener = null) =>
        new(registry, system.ActorOf(WebStreamsActor.Props(registry, settings), name), settings, recordings) { Listener = listener };

    /// <summary>True when a session (or an alias) serves <paramref name="streamPath"/>.</summary>
    public async Task<bool> HasSessionAsync(string streamPath)
    {
        ArgumentNullException.ThrowIfNull(streamPath);
        var answer = await Registry.Ask<object>(new SessionRegistry.ForwardToSession(streamPath, MediaSession.GetStats.Instance), AskTimeout);
        return answer is MediaSession.Stats;
    }
}
