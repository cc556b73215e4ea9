using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace MediaActors.Cluster;

/// <summary>
/// Downs the members this node's side of the cluster cannot reach, when this node leads that side
/// and reachability has not changed for the stable-after time.
/// </summary>
/// <remarks>
/// Akka's own strategies keep one side of a split and down the other: keep-majority, keep-oldest
/// and static-quorum all down a lone board when its only relay dies (or a lone relay when its
/// board dies, depending on age or address), and a downed node leaves the cluster for good. Here
/// that is the wrong trade: boards and relays share no state (no singleton, no sharding, no
/// persistence), so two sides that carry on apart cannot contradict each other; each board keeps
/// streaming to its local clients and each relay serves the boards it can reach. What must not
/// happen is that an unreachable member wedges the cluster (no convergence: nobody can join or be
/// removed), and downing it prevents exactly that. A member that was downed while it was only cut
/// off cannot rejoin that cluster without restarting (Akka's rule for downed members).
/// </remarks>
public sealed class KeepReachableDowningActor : ReceiveActor, IWithTimers
{
    private readonly TimeSpan _stableAfter;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ImmutableHashSet<Member> _unreachable = ImmutableHashSet<Member>.Empty;
    private bool _leader;

    public KeepReachableDowningActor(TimeSpan stableAfter, Akka.Cluster.Cluster cluster)
    {
        _stableAfter = stableAfter;
        _cluster = cluster;
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            _unreachable = state.Unreachable;
            _leader = _cluster.SelfAddress.Equals(state.Leader);
            Unsettled();
        });
        Receive<ClusterEvent.LeaderChanged>(changed =>
        {
            _leader = _cluster.SelfAddress.Equals(changed.Leader);
            Unsettled();
        });
        Receive<ClusterEvent.UnreachableMember>(unreachable =>
        {
            _unreachable = _unreachable.Add(unreachable.Member);
            Unsettled();
        });
        Receive<ClusterEvent.ReachableMember>(reachable => Forget(reachable.Member));
        Receive<ClusterEvent.MemberRemoved>(removed => Forget(removed.Member));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<Stable>(_ => DownUnreachable());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan stableAfter, Akka.Cluster.Cluster cluster) =>
        Akka.Actor.Props.Create(() => new KeepReachableDowningActor(stableAfter, cluster)).WithDeploy(Deploy.Local);

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.LeaderChanged));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Forget(Member member)
    {
        _unreachable = _unreachable.Remove(member);
        Unsettled();
    }

    /// <summary>Something changed: decide only after stable-after without further changes.</summary>
    private void Unsettled()
    {
        if (_unreachable.IsEmpty)
        {
            Timers.Cancel(nameof(Stable));
        }
        else
        {
            Timers.StartSingleTimer(nameof(Stable), Stable.Instance, _stableAfter);
        }
    }

    private void DownUnreachable()
    {
        if (!_leader)
        {
            return;
        }

        foreach (var member in _unreachable)
        {
            _log.Warning("Downing {0} ({1}): unreachable for {2}", member.Address, string.Join(",", member.Roles), _stableAfter);
            _cluster.Down(member.Address);
        }
    }

    private sealed class Stable
    {
        public static readonly Stable Instance = new();
    }
}
