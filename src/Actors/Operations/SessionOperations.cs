using Akka.Actor;
using MediaActors.Sessions;

namespace MediaActors.Operations;

/// <summary>
/// What operators ask of a node's sessions and readers, over its session registry: the answers
/// are gathered from the actors when asked (nothing is kept up to date for this), each ask
/// bounded, so a busy or stopping actor makes an answer incomplete, never late.
/// </summary>
public sealed class SessionOperations(IActorRef registry)
{
    /// <summary>How long one actor may take to answer.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Owners naming further owners: a session names a live muxer, which names its viewers.</summary>
    private const int MaxDelegation = 3;

    public IActorRef Registry { get; } = registry;

    public async Task<IReadOnlyList<SessionRegistry.SessionEntry>> ListSessionsAsync(CancellationToken cancellation = default) =>
        (await Registry.Ask<SessionRegistry.SessionList>(SessionRegistry.ListSessions.Instance, AskTimeout, cancellation)).Sessions;

    /// <summary>The counters of the session (or alias) <paramref name="streamPath"/>; null when there is none.</summary>
    public async Task<MediaSession.Stats?> GetStatsAsync(string streamPath, CancellationToken cancellation = default) =>
        await Registry.Ask<object>(new SessionRegistry.ForwardToSession(streamPath, MediaSession.GetStats.Instance), AskTimeout, cancellation)
            as MediaSession.Stats;

    /// <summary>The counters of every session: those that answered in time.</summary>
    public async Task<IReadOnlyList<(SessionRegistry.SessionEntry Entry, MediaSession.Stats Stats)>> GetAllStatsAsync(CancellationToken cancellation = default)
    {
        var sessions = await ListSessionsAsync(cancellation);
        var stats = await Task.WhenAll(sessions.Select(entry => AskOrNull<MediaSession.Stats>(entry.Session, MediaSession.GetStats.Instance, cancellation)));
        return sessions.Zip(stats).Where(pair => pair.Second is not null).Select(pair => (pair.First, pair.Second!)).ToList();
    }

    /// <summary>
    /// The readers of the session (or alias) <paramref name="streamPath"/>, each with the actor that
    /// owns it (where a kick goes); null when there is no such session.
    /// </summary>
    public async Task<IReadOnlyList<OwnedReader>?> GetReadersAsync(string streamPath, CancellationToken cancellation = default)
    {
        var answer = await Registry.Ask<object>(new SessionRegistry.ForwardToSession(streamPath, MediaSession.GetReaders.Instance), AskTimeout, cancellation);
        if (answer is not MediaSession.ReaderOwners described)
        {
            return null;
        }

        var readers = described.Links.Select(reader => new OwnedReader(reader, Owner: null)).ToList();
        // An owner may be named twice (a connection with unicast and multicast clients of the session:
        // by the session, and by the multicast groups); it is asked once.
        var asked = new HashSet<IActorRef>(described.Owners);
        var owners = asked.ToList();
        for (var depth = 0; depth < MaxDelegation && owners.Count > 0; depth++)
        {
            var answers = await Task.WhenAll(owners.Select(owner => DescribeAsync(owner, described.Session, cancellation)));
            readers.AddRange(answers.SelectMany(owned => owned.Readers.Select(reader => new OwnedReader(reader, owned.Owner))));
            owners = answers.SelectMany(owned => owned.Delegates).Where(asked.Add).ToList();
        }

        return readers.OrderBy(reader => reader.Status.Since).ToList();
    }

    /// <summary>Ends the reader <paramref name="readerId"/> of <paramref name="streamPath"/>, if it can be ended.</summary>
    public async Task<KickOutcome> KickAsync(string streamPath, string readerId, string reason, CancellationToken cancellation = default)
    {
        var readers = await GetReadersAsync(streamPath, cancellation);
        if (readers?.FirstOrDefault(reader => reader.Status.Id == readerId) is not { } found)
        {
            return readers is null ? KickOutcome.NoSession : KickOutcome.NoReader;
        }

        if (!found.Status.Kickable || found.Owner is null)
        {
            return KickOutcome.NotKickable;
        }

        var kicked = await AskOrNull<Readers.Kicked>(found.Owner, new Readers.Kick(readerId, reason), cancellation);
        return kicked?.Found == true ? KickOutcome.Kicked : KickOutcome.NoReader;
    }

    private static async Task<(IActorRef Owner, IReadOnlyList<ReaderStatus> Readers, IReadOnlyList<IActorRef> Delegates)> DescribeAsync(
        IActorRef owner, IActorRef session, CancellationToken cancellation)
    {
        var described = await AskOrNull<Readers.Described>(owner, new Readers.Describe(session), cancellation);
        return (owner, described?.Readers ?? [], described?.Delegates ?? []);
    }

    /// <summary>An answer, or null when the actor is gone or did not answer in time (it may have stopped meanwhile).</summary>
    private static async Task<T?> AskOrNull<T>(IActorRef actor, object message, CancellationToken cancellation) where T : class
    {
        try
        {
            return await actor.Ask<T>(message, AskTimeout, cancellation);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}

/// <summary>A reader and the actor that owns it (null for one the session describes itself, a relay's link).</summary>
public sealed record OwnedReader(ReaderStatus Status, IActorRef? Owner);

/// <summary>What came of a kick.</summary>
public enum KickOutcome
{
    Kicked,
    NoSession,
    NoReader,
    NotKickable,
}
