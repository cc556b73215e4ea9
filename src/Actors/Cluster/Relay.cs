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
}
