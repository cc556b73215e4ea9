using Akka.Actor;
using MediaActors.Protocol.Formats;

namespace MediaActors.Sessions;

/// <summary>The messages of <see cref="SessionRegistryActor"/>.</summary>
public static class SessionRegistry
{
    /// <summary>
    /// Creates a session with <paramref name="Video"/> (a video codec) and, unless
    /// <paramref name="Audio"/> is null, audio of that codec; answered with
    /// <see cref="SessionCreated"/> or a <see cref="Status.Failure"/>.
    /// </summary>
    public sealed record CreateSession(string Name, Codec Video, Codec? Audio, IngestGate Gate);

    public sealed record SessionCreated(string Name, IActorRef Session);

    /// <summary>Stops a session (its clients are ended); answered with <see cref="SessionDestroyed"/>.</summary>
    public sealed record DestroySession(string Name);

    public sealed record SessionDestroyed(string Name, bool Existed);

    /// <summary>
    /// Serves the session <paramref name="Name"/> also at the stream path <paramref name="Alias"/>
    /// (a relay serves <c>board/session</c> at <c>session</c> while that name is unique); a null
    /// name removes the alias. A session's own name wins over an alias. Not answered.
    /// </summary>
    public sealed record SetAlias(string Alias, string? Name);

    /// <summary>Delivers <paramref name="Message"/> to the session serving <paramref name="StreamPath"/>,
    /// keeping the original sender; answered with <see cref="SessionNotFound"/> when there is none.</summary>
    public sealed record ForwardToSession(string StreamPath, object Message);

    /// <summary>
    /// From now on a DESCRIBE of a stream this registry serves is answered with <see cref="Redirected"/>
    /// to the same path under <paramref name="BaseUrl"/> (<c>rtsp://host:port/</c>, another relay with spare
    /// capacity); null serves them here again. Clients already playing, and SETUP, are not affected. Not answered.
    /// </summary>
    public sealed record RedirectDescribes(string? BaseUrl);

    /// <summary>The answer to a DESCRIBE while describes are redirected: the stream's URL on the other server.</summary>
    public sealed record Redirected(string Location);

    public sealed record SessionNotFound(string StreamPath);

    /// <summary>Asks for every session of the registry; answered with <see cref="SessionList"/>.</summary>
    public sealed class ListSessions
    {
        public static readonly ListSessions Instance = new();
        private ListSessions() { }
    }

    /// <summary>A session by its name, the other paths it is served at (aliases), and its actor.</summary>
    public sealed record SessionEntry(string Name, IReadOnlyList<string> Aliases, IActorRef Session);

    /// <summary>The registry's sessions, ordered by name.</summary>
    public sealed record SessionList(IReadOnlyList<SessionEntry> Sessions);
}
