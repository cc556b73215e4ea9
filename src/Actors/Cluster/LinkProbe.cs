using Akka.Actor;

namespace MediaActors.Cluster;

/// <summary>
/// A check of one link between two nodes, on the data plane: a <see cref="Ping"/> to the other
/// node's probe (<see cref="LinkProbeActor"/>, at <see cref="Path"/> on every node of a cluster of
/// boards and relays) and its <see cref="Pong"/>, over the same connection the video takes. Relays
/// ping the boards they serve to know whether they can still serve them, and the split-brain
/// resolver asks relays (<see cref="CanYouReach"/>) before it downs anyone. Akka's own reachability
/// does not answer either question: one member's failed heartbeats make a node unreachable for all,
/// and in a large cluster a node is heartbeated by a few neighbours, not necessarily by a relay.
/// </summary>
public static class LinkProbe
{
    /// <summary>The probe's name under <c>/system</c> on every node (started with the cluster, by <see cref="KeepReachableDowningProvider"/>).</summary>
    public const string ActorName = "mediaactors-link-probe";

    /// <summary>The probe of the node at <paramref name="node"/>.</summary>
    public static ActorPath Path(Address node) => new RootActorPath(node) / "system" / ActorName;

    /// <summary>Answered with <see cref="Pong"/> of the same <paramref name="Id"/>.</summary>
    public sealed record Ping(long Id);

    public sealed record Pong(long Id);

    /// <summary>
    /// Asks a node's probe whether it can reach <paramref name="Member"/> now: it pings that member's
    /// probe and answers <see cref="Reach"/> once the pong came, or with false after its timeout.
    /// </summary>
    public sealed record CanYouReach(Address Member, long Id);

    public sealed record Reach(Address Member, long Id, bool Reached);
}
