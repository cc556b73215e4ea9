using Akka.Actor;
using Akka.Cluster;
using MediaActors.Configuration;

namespace MediaActors.Cluster;

/// <summary>
/// The split-brain resolver of a cluster of boards and relays (<c>akka.cluster.downing-provider-class</c>
/// in hocon/cluster.conf): the leader of each side of a split downs a member it cannot reach once
/// the split has been stable for <c>mediaactors.cluster.stable-after</c> and a majority of the
/// relays cannot reach it either, and no side ever downs itself. See
/// <see cref="KeepReachableDowningActor"/> for why. It also starts the node's <see cref="LinkProbeActor"/>
/// and, for a node that joins through seed nodes, its <see cref="JoinWatchdogActor"/>.
/// </summary>
public sealed class KeepReachableDowningProvider : IDowningProvider
{
    private readonly ActorSystem _system;
    private readonly Akka.Cluster.Cluster _cluster;

    public KeepReachableDowningProvider(ActorSystem system, Akka.Cluster.Cluster cluster)
    {
        _system = system;
        _cluster = cluster;
        // Every node of such a cluster answers link checks (relays ping boards, the resolver asks
        // relays, a joining node asks its seeds).
        var extended = (ExtendedActorSystem)system;
        extended.SystemActorOf(LinkProbeActor.Props(ProbeTimeout), LinkProbe.ActorName);
        extended.SystemActorOf(JoinWatchdogActor.Props(cluster.Settings.SeedNodes, Settings.GetTimeSpan("join-check-interval"),
            Settings.GetTimeSpan("join-check-silence")), JoinWatchdog.ActorName);
    }

    private Akka.Configuration.Config Settings => MediaActorsConfig.WithClusterDefaults(_system.Settings.Config).GetConfig("mediaactors.cluster");

    private TimeSpan ProbeTimeout => Settings.GetTimeSpan("probe-timeout");

    /// <summary>No margin: nothing (no shard, no singleton) has to stop on the downed side before the other side may go on.</summary>
    public TimeSpan DownRemovalMargin => TimeSpan.Zero;

    public Props DowningActorProps => KeepReachableDowningActor.Props(Settings.GetTimeSpan("stable-after"), ProbeTimeout, _cluster);
}
