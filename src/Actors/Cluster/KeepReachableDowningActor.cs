using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace MediaActors.Cluster;

/// <summary>
/// Downs a member this node's side of the cluster cannot reach, when this node leads that side,
/// reachability has not changed for the stable-after time, and the relays agree: the leader asks
/// every other relay of the cluster (<see cref="LinkProbe.CanYouReach"/>) and downs the member only
/// when a majority of them cannot reach it either (a relay that does not answer in time counts as
/// one that cannot), or when there is no other relay to ask. A member that stays unreachable is
/// asked about again every stable-after.
/// </summary>
/// <remarks>
/// <para>
/// Akka's own strategies keep one side of a split and down the other: keep-majority, keep-oldest
/// and static-quorum all down a lone board when its only relay dies (or a lone relay when its
/// board dies, depending on age or address), and a downed node leaves the cluster for good. Here
/// that is the wrong trade: boards and relays share no state (no singleton, no sharding, no
/// persistence), so two sides that carry on apart cannot contradict each other; each board keeps
/// streaming to its local clients and each relay serves the boards it can reach. What must not
/// happen is that an unreachable member wedges the cluster (no convergence: nobody can join or be
/// removed), and downing it prevents exactly that. A member that was downed while it was only cut
/// off cannot rejoin that cluster without restarting (Akka's rule for downed members).
/// </para>
/// <para>
/// Akka's reachability is not enough to decide alone: one member whose heartbeats to a board fail
/// makes that board unreachable for every member, so one relay's broken link would get a board
/// downed that every other relay still serves. The relays' own pings, over the connections the
/// video takes, are what count; a relay that does not answer the question in time counts as one
/// that cannot reach the member.
/// </para>
/// </remarks>
public sealed class KeepReachableDowningActor : ReceiveActor, IWithTimers
{
    private readonly TimeSpan _stableAfter;
    private readonly TimeSpan _voteTimeout;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<long, Vote> _votes = new();
    private ImmutableHashSet<Member> _unreachable = ImmutableHashSet<Member>.Empty;
    private bool _leader;
    private long _nextVote;

    /// <param name="probeTimeout">How long a relay waits for the member's pong; the vote waits a second more for the relays.</param>
    public KeepReachableDowningActor(TimeSpan stableAfter, TimeSpan probeTimeout, Akka.Cluster.Cluster cluster)
    {
        _stableAfter = stableAfter;
        _voteTimeout = probeTimeout + TimeSpan.FromSeconds(1);
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
        Receive<Stable>(_ => AskAboutUnreachable());
        Receive<LinkProbe.Reach>(OnReach);
        Receive<VoteDue>(due => Decide(due.Id));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan stableAfter, TimeSpan probeTimeout, Akka.Cluster.Cluster cluster) =>
        Akka.Actor.Props.Create(() => new KeepReachableDowningActor(stableAfter, probeTimeout, cluster)).WithDeploy(Deploy.Local);

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

    /// <summary>Asks the relays about each unreachable member not already being asked about.</summary>
    private void AskAboutUnreachable()
    {
        if (!_leader)
        {
            return;
        }

        foreach (var member in _unreachable)
        {
            if (_votes.Values.Any(vote => vote.Member.Equals(member)))
            {
                continue;
            }

            // Every relay is asked, also those the cluster marks unreachable: that mark is any one
            // member's verdict (a board too busy to read its heartbeats marks every relay), and the
            // leader it leaves (the lowest address still marked reachable, often a board) must not
            // down healthy relays on it. A relay that is really gone does not answer and counts as
            // one that cannot reach the member.
            var relays = _cluster.State.Members
                .Where(candidate => candidate.HasRole(BoardCatalog.RelayRole) && candidate.Status is MemberStatus.Up or MemberStatus.WeaklyUp
                                    && !candidate.Equals(member))
                .Select(relay => relay.Address)
                .ToList();
            if (relays.Count == 0)
            {
                Down(member, "and the cluster has no other relay to ask whether it can reach it");
                continue;
            }

            var id = ++_nextVote;
            _votes[id] = new Vote(member, relays);
            foreach (var relay in relays)
            {
                Context.ActorSelection(LinkProbe.Path(relay)).Tell(new LinkProbe.CanYouReach(member.Address, id));
            }

            Timers.StartSingleTimer(("vote", id), new VoteDue(id), _voteTimeout);
        }

        // Asked about again while it stays unreachable: the relays that reach it now may lose it later.
        Unsettled();
    }

    private void OnReach(LinkProbe.Reach reach)
    {
        // The answer of this node's own probe (when the leader is a relay) comes from a local path.
        var relay = Sender.Path.Address.HasLocalScope ? _cluster.SelfAddress : Sender.Path.Address;
        if (!_votes.TryGetValue(reach.Id, out var vote) || !vote.Relays.Contains(relay))
        {
            return;
        }

        vote.Answers[relay] = reach.Reached;
        if (vote.Answers.Count == vote.Relays.Count)
        {
            Decide(reach.Id);
        }
    }

    /// <summary>Every relay answered, or the time is up: those that did not answer cannot vouch for the member.</summary>
    private void Decide(long id)
    {
        if (!_votes.Remove(id, out var vote))
        {
            return;
        }

        Timers.Cancel(("vote", id));
        if (!_leader || !_unreachable.Contains(vote.Member))
        {
            return;
        }

        var reaching = vote.Answers.Count(answer => answer.Value);
        var notReaching = vote.Relays.Count - reaching;
        if (2 * notReaching > vote.Relays.Count)
        {
            Down(vote.Member, $"and {notReaching} of the {vote.Relays.Count} relays cannot reach it either");
        }
        else
        {
            _log.Warning("Not downing {0} ({1}): unreachable for some members, but {2} of the {3} relays still reach it",
                vote.Member.Address, string.Join(",", vote.Member.Roles), reaching, vote.Relays.Count);
        }
    }

    private void Down(Member member, string why)
    {
        _log.Warning("Downing {0} ({1}): unreachable for {2} {3}", member.Address, string.Join(",", member.Roles), _stableAfter, why);
        _cluster.Down(member.Address);
    }

    private sealed class Vote(Member member, IReadOnlyList<Address> relays)
    {
        public Member Member { get; } = member;

        public IReadOnlyList<Address> Relays { get; } = relays;

        public Dictionary<Address, bool> Answers { get; } = new();
    }

    private sealed class Stable
    {
        public static readonly Stable Instance = new();
    }

    private sealed record VoteDue(long Id);
}
