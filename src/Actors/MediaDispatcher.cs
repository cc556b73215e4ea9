using Akka.Actor;

namespace MediaActors;

/// <summary>
/// The dispatcher media actors (sessions, RTP senders) run on: dedicated threads, configured as
/// <c>mediaactors.media-dispatcher</c> in hocon/mediaactors.conf, so that control-plane load
/// (a flood of connections or requests on the default dispatcher) never delays frames.
/// </summary>
public static class MediaDispatcher
{
    public const string Id = "mediaactors.media-dispatcher";

    /// <summary><paramref name="props"/> on the media dispatcher when the actor system defines it
    /// (a bare TestKit system does not; its actors then stay on the default dispatcher).</summary>
    public static Props On(Props props, ActorSystem system) =>
        system.Dispatchers.HasDispatcher(Id) ? props.WithDispatcher(Id) : props;
}
