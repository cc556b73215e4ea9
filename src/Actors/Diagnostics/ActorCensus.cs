using System.Collections.Concurrent;
using Akka.Actor;

namespace MediaActors.Diagnostics;

/// <summary>
/// The actors alive in one actor system, by kind, with the depth of their mailboxes: filled by
/// <see cref="CensusMailbox"/>, read when the node's metrics are scraped. A count that only grows
/// over hours of clients coming and going is an actor leak; a mailbox that stays deep is an actor
/// that cannot keep up.
/// </summary>
public sealed class ActorCensus : IExtension
{
    private readonly ConcurrentDictionary<CensusMessageQueue, byte> _queues = new(ReferenceEqualityComparer.Instance);

    public static ActorCensus Get(ActorSystem system) => system.WithExtension<ActorCensus, ActorCensusProvider>();

    /// <summary>Actors alive now and their mailboxes, one entry per kind, most numerous first.</summary>
    public IReadOnlyList<ActorKindCount> Count() => _queues.Keys
        .GroupBy(queue => queue.Kind, StringComparer.Ordinal)
        .Select(kind =>
        {
            var depths = kind.Select(queue => queue.Count).ToList();
            return new ActorKindCount(kind.Key, depths.Count, depths.Sum(), depths.Max());
        })
        .OrderByDescending(kind => kind.Alive)
        .ThenBy(kind => kind.Kind, StringComparer.Ordinal)
        .ToList();

    internal void Enter(CensusMessageQueue queue) => _queues.TryAdd(queue, 0);

    internal void Leave(CensusMessageQueue queue) => _queues.TryRemove(queue, out _);
}

/// <summary>The actors of one kind: how many are alive, the messages waiting in all their mailboxes, and the deepest mailbox.</summary>
public sealed record ActorKindCount(string Kind, int Alive, int MailboxMessages, int DeepestMailbox);

public sealed class ActorCensusProvider : ExtensionIdProvider<ActorCensus>
{
    public override ActorCensus CreateExtension(ExtendedActorSystem system) => new();
}
