using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Remote;

namespace MediaActors.Cluster;

/// <summary>
/// Heals a join that cannot finish because answers from a seed node are lost on the way. A node
/// restarted on its old address while a seed still tries to reach the old incarnation can end up
/// with two TCP connections to that seed, the seed writing to the one this node no longer reads
/// (Akka.NET classic remoting, when the seed's reconnect and this node's own connection cross): its
/// InitJoin reaches the seed, every InitJoinAck is lost, and nothing ever times out, since this node
/// keeps writing and the seed is not watched yet. While the node is not a member, this actor pings
/// each seed's <see cref="LinkProbe"/> every <c>mediaactors.cluster.join-check-interval</c>; a seed
/// that has answered none of them for <c>join-check-silence</c> gets its connections dropped (Akka's quarantine without a UID: the
/// writer and readers stop, the address is gated for <c>akka.remote.retry-gate-closed-for</c>),
/// so that the next InitJoin opens a fresh one. Each further drop for the same seed waits twice as
/// long (at most <see cref="MaxSilence"/>): a seed that is simply down is not hammered. Once this
/// node is up (or weakly up) the actor stops.
/// </summary>
public sealed class JoinWatchdogActor : ReceiveActor, IWithTimers
{
    /// <summary>The longest silence before a repeated drop of one seed's connections.</summary>
    public static readonly TimeSpan MaxSilence = TimeSpan.FromMinutes(1);

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeSpan _checkInterval;
    private readonly TimeSpan _silence;
    private readonly Dictionary<Address, SeedLink> _seeds;
    private long _nextPing;

    public JoinWatchdogActor(IEnumerable<Address> seeds, TimeSpan checkInterval, TimeSpan silence)
    {
        (_checkInterval, _silence) = (checkInterval, silence);
        var now = MonotonicClock.NowMicros;
        _seeds = seeds.Where(seed => !seed.Equals(_cluster.SelfAddress)).Distinct().ToDictionary(seed => seed, _ => new SeedLink(now, silence));
        Receive<Check>(_ => CheckSeeds());
        Receive<LinkProbe.Pong>(_ =>
        {
            if (_seeds.TryGetValue(Sender.Path.Address, out var seed))
            {
                seed.LastAnswerMicros = MonotonicClock.NowMicros;
                seed.Silence = _silence;
            }
        });
        Receive<ClusterEvent.MemberUp>(up => StopOnceMember(up.Member));
        Receive<ClusterEvent.MemberWeaklyUp>(weaklyUp => StopOnceMember(weaklyUp.Member));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="seeds">The node's seed nodes (<c>akka.cluster.seed-nodes</c>); none: the actor has nothing to watch and stops.</param>
    /// <param name="checkInterval">How often each seed is pinged while this node is not a member.</param>
    /// <param name="silence">How long a seed may answer no ping before its connections are dropped.</param>
    public static Props Props(IEnumerable<Address> seeds, TimeSpan checkInterval, TimeSpan silence) =>
        Akka.Actor.Props.Create(() => new JoinWatchdogActor(seeds, checkInterval, silence)).WithDeploy(Deploy.Local);

    protected override void PreStart()
    {
        if (_seeds.Count == 0)
        {
            Context.Stop(Self);
            return;
        }

        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberWeaklyUp));
        Timers.StartPeriodicTimer(nameof(Check), Check.Instance, _checkInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void StopOnceMember(Member member)
    {
        if (member.UniqueAddress.Equals(_cluster.SelfUniqueAddress))
        {
            Context.Stop(Self);
        }
    }

    private void CheckSeeds()
    {
        var now = MonotonicClock.NowMicros;
        foreach (var (address, seed) in _seeds)
        {
            var silentFor = TimeSpan.FromMicroseconds(now - seed.LastAnswerMicros);
            if (silentFor >= seed.Silence)
            {
                _log.Warning("Not a member yet, and seed node {0} has answered no link check for {1:0.#} s: dropping this node's connections to it, so that the next join attempt opens a fresh one",
                    address, silentFor.TotalSeconds);
                ((IRemoteActorRefProvider)((ExtendedActorSystem)Context.System).Provider).Transport.Quarantine(address, null);
                Context.System.EventStream.Publish(new JoinWatchdog.SeedConnectionDropped(address));
                seed.LastAnswerMicros = now;
                seed.Silence = TimeSpan.FromTicks(Math.Min(2 * seed.Silence.Ticks, MaxSilence.Ticks));
            }

            Context.ActorSelection(LinkProbe.Path(address)).Tell(new LinkProbe.Ping(++_nextPing));
        }
    }

    private sealed class SeedLink(long lastAnswerMicros, TimeSpan silence)
    {
        /// <summary>When the seed last answered a ping, or its connections were last dropped (monotonic µs).</summary>
        public long LastAnswerMicros { get; set; } = lastAnswerMicros;

        /// <summary>How long it may stay silent before its connections are dropped (again).</summary>
        public TimeSpan Silence { get; set; } = silence;
    }

    private sealed class Check
    {
        public static readonly Check Instance = new();
    }
}
