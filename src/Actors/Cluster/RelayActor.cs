using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using MediaActors.Configuration;
using MediaActors.Connections;
using MediaActors.Sessions;
using MediaActors.Sources;

namespace MediaActors.Cluster;

/// <summary>
/// A relay: an RTSP server (its own session registry and listener) whose sessions are those of
/// every board in the cluster. It watches the cluster for members with the board role, asks each
/// board's catalog for its sessions (<see cref="BoardCatalog.Watch"/>) and serves each one at
/// <c>board/session</c>, and at <c>session</c> while no other board has a session of that name.
/// A relayed session is described from the parameter sets in the offer, pulls the board session's
/// frames (pictures and sound) only while it has clients (with a linger), and ends, with a BYE to
/// its clients, when the board withdraws it or leaves, or when this relay's own link to the board
/// fails: the relay pings every board it serves (<see cref="LinkProbe"/>) and stops serving one that
/// has not answered for link-timeout, whatever other members see. A board that answers again, or
/// comes back, is asked again.
/// Cameras the configuration names (<c>mediaactors.sources</c>) are pulled into sessions of the
/// relay's own, next to the boards'.
/// <para>
/// A relay offers what it serves to other relays in turn (its child <c>catalog</c>, a
/// <see cref="BoardCatalogActor"/>). A relay given an upstream (<see cref="RelaySettings.Upstream"/>,
/// an edge relay) watches that relay's catalog instead of the boards: it serves the same URLs,
/// pulling each stream from the upstream relay, so a stream crosses each link once, with the same
/// credit at every level.
/// </para>
/// <para>
/// Relays tell each other their load (<see cref="BoardCatalog.RelayLoad"/>, every link-probe-interval);
/// one past <see cref="RelaySettings.RedirectAbove"/> connections has its registry answer DESCRIBE
/// with a 302 to the least loaded relay below its own limit, so viewers spread over the relays.
/// </para>
/// </summary>
public sealed class RelayActor : ReceiveActor, IWithTimers
{
    private readonly RtspServerSettings _rtsp;
    private readonly RelaySettings _settings;
    private readonly IReadOnlyList<RtspSourceSettings> _sources;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<Address, BoardLink> _boards = new();
    private readonly Dictionary<string, Served> _sessions = new(StringComparer.Ordinal);

    /// <summary>Per path, replies to CreateSession still to come for offers withdrawn before their session existed (the registry answers in order).</summary>
    private readonly Dictionary<string, int> _abandonedCreations = new(StringComparer.Ordinal);
    /// <summary>The name of its session registry, a child (the host's HTTP server finds it by it).</summary>
    public const string RegistryName = "sessions";

    /// <summary>The name of its catalog, a child: an edge relay watches <c>/user/relay/catalog</c> on its upstream.</summary>
    public const string CatalogName = "catalog";

    private IActorRef _registry = ActorRefs.Nobody;
    private IActorRef _listener = ActorRefs.Nobody;
    private IActorRef _catalog = ActorRefs.Nobody;
    private readonly List<IActorRef> _sourceActors = new();

    /// <summary>The other relays of the cluster, and the load each last reported (with when it came, monotonic µs).</summary>
    private readonly Dictionary<Address, (BoardCatalog.RelayLoad? Load, long AtMicros)> _peers = new();

    /// <summary>Where players reach this relay, once it listens (<see cref="Relay.ServedAt"/>).</summary>
    private string? _baseUrl;

    private int _connections;
    private string? _redirectingTo;

    public RelayActor(RtspServerSettings rtsp, RelaySettings settings, IReadOnlyList<RtspSourceSettings>? sources = null)
    {
        _rtsp = rtsp;
        _settings = settings;
        _sources = sources ?? [];
        Receive<ClusterEvent.MemberUp>(up => Discover(up.Member));
        Receive<ClusterEvent.MemberWeaklyUp>(weaklyUp => Discover(weaklyUp.Member));
        Receive<ClusterEvent.MemberRemoved>(removed => Lose(removed.Member, "left the cluster"));
        Receive<ProbeLinks>(_ =>
        {
            ProbeBoards();
            _listener.Tell(RtspListener.GetStats.Instance);
        });
        Receive<RtspListener.Stats>(stats => ShareLoad(stats.Connections));
        Receive<BoardCatalog.RelayLoad>(load =>
        {
            if (_peers.ContainsKey(Sender.Path.Address))
            {
                _peers[Sender.Path.Address] = (load, MonotonicClock.NowMicros);
            }
        });
        Receive<Relay.ServedAt>(servedAt => _baseUrl = servedAt.BaseUrl);
        Receive<LinkProbe.Pong>(_ => OnBoardAnswered(Sender.Path.Address));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<WatchAgain>(again => AskForSessions(again.Board));
        Receive<BoardCatalog.Watching>(OnWatching);
        Receive<BoardCatalog.SessionOffered>(OnOffered);
        Receive<BoardCatalog.SessionWithdrawn>(withdrawn =>
        {
            if (LinkOf(Sender) is { Name: not null } link && link.Offers(withdrawn.Board))
            {
                Withdraw(PathOf(withdrawn.Board, withdrawn.Session), link.IsUpstream ? "the upstream relay no longer serves it" : "the board destroyed it");
            }
        });
        Receive<SessionRegistry.SessionCreated>(OnSessionCreated);
        Receive<SessionRegistry.SessionDestroyed>(_ => { });
        Receive<Terminated>(terminated =>
        {
            // The board's session stopped without a withdrawal reaching us (its node was removed, say).
            foreach (var served in _sessions.Values.Where(s => s.Offer.Source.Equals(terminated.ActorRef)).ToList())
            {
                Withdraw(served.Path, "the board's session stopped");
            }
        });
        Receive<Status.Failure>(failure => _log.Error("Relay: {0}", failure.Cause.Message));
        Receive<RtspListener.Bind>(bind => _listener.Forward(bind));
        Receive<Relay.GetParts>(_ => Sender.Tell(new Relay.Parts(_listener, _sourceActors.ToList())));
        Receive<Relay.GetSessions>(_ => Sender.Tell(new Relay.Sessions(
            _sessions.Values.Where(s => s.Session is not null).Select(s => new Relay.RelayedSession(s.Path, s.Offer.Board, s.Offer.Session, s.Alias, s.Offer.Source)).ToList())));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="sources">Cameras to pull into sessions of the relay's own.</param>
    public static Props Props(RtspServerSettings rtsp, RelaySettings settings, IReadOnlyList<RtspSourceSettings>? sources = null) =>
        Akka.Actor.Props.Create(() => new RelayActor(rtsp, settings, sources));

    protected override void PreStart()
    {
        _registry = Context.ActorOf(SessionRegistryActor.Props(_rtsp), RegistryName);
        _listener = Context.ActorOf(RtspListenerActor.Props(_registry, _rtsp), "listener");
        _catalog = Context.ActorOf(BoardCatalogActor.Props($"relay {Akka.Cluster.Cluster.Get(Context.System).SelfAddress.HostPort()}"), CatalogName);
        for (var i = 0; i < _sources.Count; i++)
        {
            _sourceActors.Add(Context.ActorOf(RtspSourceActor.Props(_sources[i], _registry, _rtsp), $"source-{i + 1}"));
        }

        // Akka's reachability events are left alone on purpose: they say what any member sees, and
        // one member losing a board must not end the board's sessions here (see ProbeBoards).
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberWeaklyUp), typeof(ClusterEvent.MemberRemoved));
        Timers.StartPeriodicTimer(nameof(ProbeLinks), ProbeLinks.Instance, _settings.LinkProbeInterval);
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private static string PathOf(string board, string session) => $"{board}/{session}";

    /// <summary>A board is up (or, for an edge relay, its upstream relay): ask it for its sessions until it answers.</summary>
    private void Discover(Member member)
    {
        if (member.HasRole(BoardCatalog.RelayRole) && !member.Address.Equals(Akka.Cluster.Cluster.Get(Context.System).SelfAddress))
        {
            _peers.TryAdd(member.Address, (null, 0));
        }

        var wanted = _settings.Upstream is { } upstream
            ? member.HasRole(BoardCatalog.RelayRole) && member.Address.Equals(upstream)
            : member.HasRole(BoardCatalog.BoardRole);
        if (!wanted || member.Status is not (MemberStatus.Up or MemberStatus.WeaklyUp))
        {
            return;
        }

        if (_boards.TryGetValue(member.Address, out var known))
        {
            // Already watched (MemberWeaklyUp and MemberUp both report it).
            if (known.Member.UniqueAddress.Equals(member.UniqueAddress))
            {
                return;
            }

            Lose(known.Member, "was replaced by a new incarnation");
        }
        _boards[member.Address] = new BoardLink(member, isUpstream: _settings.Upstream is not null);
        StartAsking(member.Address);
    }

    /// <summary>Asks the board for its sessions now and every watch-retry until it answers.</summary>
    private void StartAsking(Address board)
    {
        Timers.StartPeriodicTimer(board, new WatchAgain(board), _settings.WatchRetry);
        AskForSessions(board);
    }

    private void AskForSessions(Address board)
    {
        if (_boards.TryGetValue(board, out var link) && link.Name is null)
        {
            var catalog = link.IsUpstream ? new RootActorPath(board) / "user" / "relay" / CatalogName : new RootActorPath(board) / "user" / BoardCatalog.ActorName;
            Context.ActorSelection(catalog).Tell(BoardCatalog.Watch.Instance);
        }
    }

    /// <summary>
    /// Pings every board, and stops serving those whose link has been silent for link-timeout: the
    /// pings take the connection the video takes, so a silent link is one this relay cannot serve
    /// through, whether or not other members reach the board.
    /// </summary>
    private void ProbeBoards()
    {
        var now = MonotonicClock.NowMicros;
        foreach (var link in _boards.Values)
        {
            // A board that never answered a ping runs a version without the probe: only its leaving ends it.
            if (link.Answering && link.EverAnswered && now - link.LastAnswerMicros > (long)_settings.LinkTimeout.TotalMicroseconds)
            {
                LoseLink(link);
            }

            Context.ActorSelection(LinkProbe.Path(link.Member.Address)).Tell(new LinkProbe.Ping(now));
        }
    }

    private void OnBoardAnswered(Address board)
    {
        if (!_boards.TryGetValue(board, out var link))
        {
            return;
        }

        link.LastAnswerMicros = MonotonicClock.NowMicros;
        link.EverAnswered = true;
        if (!link.Answering)
        {
            link.Answering = true;
            _log.Info("Relay: board at {0} answers again; asking for its sessions", board);
            StartAsking(board);
        }
    }

    /// <summary>This relay's link to the board is silent: its sessions end here (and only here), and it is asked again once it answers.</summary>
    private void LoseLink(BoardLink link)
    {
        link.Answering = false;
        Timers.Cancel(link.Member.Address);
        var why = $"cannot be reached from this relay (no answer for {_settings.LinkTimeout.TotalSeconds:0.#} s)";
        if (link.Name is { } name)
        {
            _log.Warning("Relay: board {0} at {1} {2}; its sessions end here until it answers again", name, link.Member.Address, why);
            EndSessionsOf(link, $"board {name} {why}");
        }
        else
        {
            _log.Warning("Relay: board at {0} {1}", link.Member.Address, why);
        }

        link.Name = null;
    }

    /// <summary>
    /// Tells the other relays this one's load, and decides where new viewers go: here, or (past
    /// redirect-above) to the least loaded relay that reported, within three reports' time, being
    /// below its own limit.
    /// </summary>
    private void ShareLoad(int connections)
    {
        _connections = connections;
        if (_baseUrl is { } baseUrl)
        {
            var load = new BoardCatalog.RelayLoad(baseUrl, connections, _settings.RedirectAbove);
            foreach (var peer in _peers.Keys)
            {
                Context.ActorSelection(new RootActorPath(peer) / "user" / "relay").Tell(load);
            }
        }

        string? target = null;
        if (_settings.RedirectAbove > 0 && _connections >= _settings.RedirectAbove)
        {
            var fresh = MonotonicClock.NowMicros - 3 * (long)_settings.LinkProbeInterval.TotalMicroseconds;
            target = _peers.Values
                .Where(peer => peer.Load is { } load && peer.AtMicros >= fresh && (load.RedirectAbove == 0 || load.Connections < load.RedirectAbove))
                .OrderBy(peer => peer.Load!.Connections)
                .Select(peer => peer.Load!.BaseUrl)
                .FirstOrDefault();
        }

        if (target != _redirectingTo)
        {
            _redirectingTo = target;
            _log.Info(target is null ? "Relay: new viewers are served here ({0} connections)" : "Relay: {0} connections; new viewers go to {1}",
                _connections, target);
            _registry.Tell(new SessionRegistry.RedirectDescribes(target));
        }
    }

    private BoardLink? LinkOf(IActorRef catalog) =>
        _boards.GetValueOrDefault(catalog.Path.Address);

    private void OnWatching(BoardCatalog.Watching watching)
    {
        // An answer that was on its way when the link went silent waits for the link to answer pings again.
        if (LinkOf(Sender) is not { Answering: true } link)
        {
            return;
        }

        Timers.Cancel(link.Member.Address);
        var sameName = link.IsUpstream ? null : _boards.Values.FirstOrDefault(b => b != link && b.Name == watching.Board);
        if (sameName is not null)
        {
            // Asked again when the other one leaves (see Lose).
            _log.Error("Relay: boards {0} and {1} are both named '{2}'; serving only the first. Give each board its own --name.",
                sameName.Member.Address, link.Member.Address, watching.Board);
            link.Refused = true;
            return;
        }
        if (link.Name is null)
        {
            _log.Info("Relay: board {0} at {1} is watched", watching.Board, link.Member.Address);
        }

        link.Name = watching.Board;
    }

    private void OnOffered(BoardCatalog.SessionOffered offer)
    {
        if (LinkOf(Sender) is not { Answering: true, Name: not null } link || !link.Offers(offer.Board))
        {
            return;
        }

        var path = PathOf(offer.Board, offer.Session);
        if (_sessions.TryGetValue(path, out var served))
        {
            // The same offer again (the board answered a repeated Watch).
            if (served.Offer.Source.Equals(offer.Source))
            {
                return;
            }

            Withdraw(path, "the board offers a new session of that name");
        }
        var gate = new IngestGate(_rtsp.IngestQueueBytes);
        _sessions[path] = new Served(path, offer, gate);
        Context.Watch(offer.Source);
        _registry.Tell(new SessionRegistry.CreateSession(path, offer.Codec, offer.Audio, gate));
    }

    /// <summary>The relayed session exists: give it the parameter sets (so DESCRIBE is answered before any frame) and its source.</summary>
    private void OnSessionCreated(SessionRegistry.SessionCreated created)
    {
        if (_abandonedCreations.TryGetValue(created.Name, out var abandoned))
        {
            // Withdrawn while it was being created: Withdraw has already asked for it to be destroyed.
            if (abandoned == 1)
            {
                _abandonedCreations.Remove(created.Name);
            }
            else
            {
                _abandonedCreations[created.Name] = abandoned - 1;
            }

            return;
        }
        if (!_sessions.TryGetValue(created.Name, out var served))
        {
            return;
        }

        served.Session = created.Session;
        var parameterSets = served.Offer.ParameterSets;
        if (!parameterSets.IsEmpty && served.Gate.TryEnter(parameterSets.Length, out _))
        {
            created.Session.Tell(new MediaSession.IngestVideo(parameterSets, 0, MonotonicClock.NowMicros, AfterDrop: false));
        }

        // Sound comes as often as pictures or more and each chunk takes a frame of credit: a session
        // with audio gets twice the credit, so its pictures have as much room as a silent one's.
        var credit = served.Offer.Audio is null ? _rtsp.SourceCredit : 2 * _rtsp.SourceCredit;
        created.Session.Tell(new MediaSession.PullFrom(served.Offer.Source, _settings.Linger, credit));
        var kind = _settings.Upstream is null ? "board" : "relay";
        created.Session.Tell(new MediaSession.SourceStatus(kind, $"{served.Offer.Session} on {served.Offer.Board} ({served.Offer.Source.Path.Address})", "linked", null));
        _catalog.Tell(served.Offer with { Source = created.Session });
        UpdateAlias(served.Offer.Session);
        _log.Info("Relay: serving {0} ({1}{2})", created.Name, served.Offer.Codec, served.Offer.Audio is { } audio ? $" + {audio}" : "");
    }

    /// <summary>The board is gone, or a new incarnation of it took its place: its sessions end.</summary>
    private void Lose(Member member, string why)
    {
        _peers.Remove(member.Address);
        if (!_boards.TryGetValue(member.Address, out var link) || !link.Member.UniqueAddress.Equals(member.UniqueAddress))
        {
            return;
        }

        _boards.Remove(member.Address);
        Timers.Cancel(member.Address);
        if (link.Name is not null)
        {
            _log.Warning("Relay: board {0} at {1} {2}; its sessions end", link.Name, member.Address, why);
            EndSessionsOf(link, $"board {link.Name} {why}");
        }

        // A board refused for having this one's name may be served now. This holds too when this
        // one's name is already forgotten: a board that stops without leaving goes silent on its
        // link (LoseLink) seconds before its cluster removes it.
        foreach (var refused in _boards.Values.Where(b => b.Refused))
        {
            refused.Refused = false;
            StartAsking(refused.Member.Address);
        }
    }

    /// <summary>Ends every session served from what <paramref name="link"/>'s member offered (one board, or everything of an upstream relay).</summary>
    private void EndSessionsOf(BoardLink link, string why)
    {
        foreach (var path in _sessions.Values.Where(s => s.Offer.Source.Path.Address.Equals(link.Member.Address)).Select(s => s.Path).ToList())
        {
            Withdraw(path, why);
        }
    }

    private void Withdraw(string path, string why)
    {
        if (!_sessions.Remove(path, out var served))
        {
            return;
        }

        Context.Unwatch(served.Offer.Source);
        if (served.Session is null)
        {
            _abandonedCreations[path] = _abandonedCreations.GetValueOrDefault(path) + 1;
        }
        else
        {
            _catalog.Tell(new BoardCatalog.SessionWithdrawn(served.Offer.Board, served.Offer.Session));
        }

        _log.Info("Relay: {0} ends: {1}", path, why);
        _registry.Tell(new SessionRegistry.DestroySession(path));
        UpdateAlias(served.Offer.Session);
    }

    /// <summary>A session name is served on its own while exactly one board has a session of that name.</summary>
    private void UpdateAlias(string session)
    {
        var holders = _sessions.Values.Where(s => s.Offer.Session == session).ToList();
        foreach (var holder in holders)
        {
            holder.Alias = holders.Count == 1 ? session : null;
        }

        _registry.Tell(new SessionRegistry.SetAlias(session, holders.Count == 1 ? holders[0].Path : null));
    }

    /// <summary>A member whose catalog this relay watches: a board, or (for an edge relay) its upstream relay.</summary>
    private sealed class BoardLink(Member member, bool isUpstream)
    {
        public Member Member { get; } = member;

        /// <summary>An upstream relay, which offers the sessions of many boards under their names.</summary>
        public bool IsUpstream { get; } = isUpstream;

        /// <summary>The board's name, once it answered <see cref="BoardCatalog.Watch"/>.</summary>
        public string? Name { get; set; }

        /// <summary>Whether sessions of <paramref name="board"/> may come from this member: from a board, only its own.</summary>
        public bool Offers(string board) => IsUpstream || board == Name;

        /// <summary>It answered with the name of another board already served.</summary>
        public bool Refused { get; set; }

        /// <summary>When it last answered a ping (monotonic µs); it starts out as answering.</summary>
        public long LastAnswerMicros { get; set; } = MonotonicClock.NowMicros;

        /// <summary>False while this relay's link to it is silent (its sessions are not served here then).</summary>
        public bool Answering { get; set; } = true;

        /// <summary>It has answered a ping: it has a link probe, so its silence means a lost link.</summary>
        public bool EverAnswered { get; set; }
    }

    private sealed class Served(string path, BoardCatalog.SessionOffered offer, IngestGate gate)
    {
        public string Path { get; } = path;

        public BoardCatalog.SessionOffered Offer { get; } = offer;

        public IngestGate Gate { get; } = gate;

        public IActorRef? Session { get; set; }

        public string? Alias { get; set; }
    }

    private sealed record WatchAgain(Address Board);

    private sealed class ProbeLinks
    {
        public static readonly ProbeLinks Instance = new();
    }
}
