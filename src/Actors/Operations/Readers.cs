using Akka.Actor;

namespace MediaActors.Operations;

/// <summary>
/// How the readers of a session are listed and kicked. The session names who owns its readers
/// (<see cref="Sessions.MediaSession.GetReaders"/>); each owner (a client connection, the live
/// muxer, the HLS output, a recorder) answers <see cref="Describe"/> with the readers it holds, or
/// names others who hold them (the live muxer names its WebSocket viewers). Nothing is counted for
/// this: owners read the counters their readers keep anyway, only when asked.
/// </summary>
public static class Readers
{
    /// <summary>Asks an owner for its readers of <paramref name="Session"/> (a session actor); answered with <see cref="Described"/>.</summary>
    public sealed record Describe(IActorRef Session);

    /// <summary>The owner's readers, and the actors that hold further readers (each to be asked in turn).</summary>
    public sealed record Described(IReadOnlyList<ReaderStatus> Readers, IReadOnlyList<IActorRef> Delegates)
    {
        public static Described Of(params ReaderStatus[] readers) => new(readers, []);
    }

    /// <summary>Ends the reader <paramref name="ReaderId"/> for <paramref name="Reason"/>; answered with <see cref="Kicked"/>.</summary>
    public sealed record Kick(string ReaderId, string Reason);

    /// <summary><paramref name="Found"/> is false when the owner no longer holds that reader.</summary>
    public sealed record Kicked(string ReaderId, bool Found);
}
