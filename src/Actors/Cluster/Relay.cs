using Akka.Actor;

namespace MediaActors.Cluster;

/// <summary>The messages of <see cref="RelayActor"/> (besides <see cref="Connections.RtspListener.Bind"/>, which it passes to its listener).</summary>
public static class Relay
{
    /// <summary>Asks for the sessions the relay serves now (created and described; offers still being set up are not); answered with <see cref="Sessions"/>.</summary>
    public sealed class GetSessions
    {
        public static readonly GetSessions Instance = new();
        private GetSessions() { }
    }

    /// <summary>One relayed session: served at <paramref name="Path"/> (<c>board/session</c>) and, while its
    /// name is unique among the boards, also at <paramref name="Alias"/> (<c>session</c>).</summary>
    public sealed record RelayedSession(string Path, string Board, string Session, string? Alias, IActorRef Source);

    public sealed record Sessions(IReadOnlyList<RelayedSession> Served);

    /// <summary>Asks for the relay's listener and the cameras it pulls of its own (<c>mediaactors.sources</c>); answered with <see cref="Parts"/>.</summary>
    public sealed class GetParts
    {
        public static readonly GetParts Instance = new();
        private GetParts() { }
    }

    /// <summary>
    /// Where players reach this relay (<c>rtsp://host:port/</c>, what it printed), told once it
    /// listens: other relays redirect viewers here with it when they are past their load.
    /// </summary>
    public sealed record ServedAt(string BaseUrl);

    /// <summary>The relay's RTSP listener and its pulled cameras' source actors (each answers <see cref="Sources.RtspSource.GetStats"/>).</summary>
    public sealed record Parts(IActorRef Listener, IReadOnlyList<IActorRef> Sources);
}
