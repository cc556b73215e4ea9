using Akka.Actor;

namespace MediaActors.Cluster;

/// <summary>
/// The join watchdog of a node that joins through seed nodes (<see cref="JoinWatchdogActor"/>,
/// started with the cluster under <c>/system/</c><see cref="ActorName"/>).
/// </summary>
public static class JoinWatchdog
{
    public const string ActorName = "mediaactors-join-watchdog";

    /// <summary>Published on the event stream each time the watchdog dropped this node's connections to a silent seed.</summary>
    public sealed record SeedConnectionDropped(Address Seed);
}
