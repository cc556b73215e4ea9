using Akka.Actor;
using Akka.Cluster;
using MediaActors.Connections;
using MediaActors.Delivery;
using MediaActors.Operations;
using MediaActors.Sessions;
using MediaActors.Sources;
using MediaActors.Web;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace MediaActors.Host.Http.Metrics;

/// <summary>
/// The node's Prometheus metrics, in a registry of its own. Nothing is counted for them: when
/// <c>/metrics</c> is scraped, a callback asks the actors for the counters they keep anyway
/// (<see cref="SessionOperations"/>, the RTSP listener, the pulled cameras) and copies them into
/// the series, and feeds the histograms what the send-latency and GC-pause histograms recorded
/// since the last scrape. Between scrapes nothing runs. Cardinality is bounded by the sessions:
/// every series is per node, per session, or per session and reader kind; never per reader.
/// </summary>
public sealed class NodeMetrics
{
    /// <summary>Seconds; from 100 µs (a send on a quiet node) to 2.5 s (something is very wrong).</summary>
    private static readonly double[] LatencyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly ActorSystem _system;
    private readonly RunningServer _running;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _scraping = new(1, 1);

    /// <summary>Each session's actor as last seen: a session of the same name with another actor starts its counters anew.</summary>
    private readonly Dictionary<string, IActorRef> _sessionActors = new(StringComparer.Ordinal);
    private readonly List<SeriesFamily> _families = [];

    private readonly Gauge _sessions, _rtspConnections;
    private readonly Gauge? _clusterMemberUp;
    private readonly Counter _rtspAccepted, _rtcpForwarded, _rtcpDropped;
    private readonly HistogramFeed _sendLatency, _gcPauses;
    private readonly ActorCensusMetrics _actors;

    private readonly SeriesFamily<Gauge.Child> _readers, _ingestQueued, _gopBytes, _gopFrames, _mediaBytesPerSecond, _framesPerSecond,
        _rtcpLoss, _rtcpJitter, _pulling, _sourceUp, _sourceInfo;

    private readonly SeriesFamily<Counter.Child> _frames, _keyframes, _sentPackets, _sentBytes, _dropped, _relaySent, _relayMissed, _sourceRestarts;

    public NodeMetrics(ActorSystem system, RunningServer running, bool requiresAuthentication, ILogger<NodeMetrics> logger)
    {
        _system = system;
        _running = running;
        _logger = logger;
        RequiresAuthentication = requiresAuthentication;
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        // process_cpu_seconds_total, process_resident_memory_bytes, dotnet_collection_count_total, …: read at scrape time too.
        DotNetStats.Register(Registry);

        _sessions = factory.CreateGauge("mediaactors_sessions", "Sessions on this node (a relay's included).");
        _rtspConnections = factory.CreateGauge("mediaactors_rtsp_connections", "RTSP connections open now.");
        _rtspAccepted = factory.CreateCounter("mediaactors_rtsp_connections_accepted_total", "RTSP connections accepted since the listener started (the first is the server's own warm-up request at start).");
        _rtcpForwarded = factory.CreateCounter("mediaactors_rtcp_forwarded_total", "RTCP datagrams from UDP clients passed to their connections.");
        _rtcpDropped = factory.CreateCounter("mediaactors_rtcp_dropped_total", "RTCP datagrams from UDP clients dropped past the per-client budget (max-rtcp-per-second).");
        if (((ExtendedActorSystem)system).Provider is ClusterActorRefProvider)
        {
            _clusterMemberUp = factory.CreateGauge("mediaactors_cluster_member_up", "1 while this node is an Up member of its cluster (board and relay only).");
        }

        _actors = new ActorCensusMetrics(system, factory);
        _sendLatency = new HistogramFeed(factory.CreateHistogram("mediaactors_send_latency_seconds",
            "Time from media reaching its session to its last packet leaving for a client, per frame and client.",
            new HistogramConfiguration { Buckets = LatencyBuckets }));
        _gcPauses = new HistogramFeed(factory.CreateHistogram("mediaactors_gc_pause_seconds",
            "Pauses of the garbage collector, from suspending the threads to restarting them.",
            new HistogramConfiguration { Buckets = LatencyBuckets }));

        _readers = Gauges(factory, "mediaactors_session_readers", "Readers of a session by kind (rtsp-udp, rtsp-tcp, rtsp-tls, rtsp-http, websocket, hls, recorder, relay, push, multicast).", "kind");
        _frames = Counters(factory, "mediaactors_session_frames_total", "Video access units (pictures) into the session.");
        _keyframes = Counters(factory, "mediaactors_session_keyframes_total", "Keyframes into the session.");
        _sentPackets = Counters(factory, "mediaactors_session_sent_packets_total", "RTP packets the session handed its RTSP clients and pushes.");
        _sentBytes = Counters(factory, "mediaactors_session_sent_bytes_total", "Media bytes the session handed its readers (RTP to clients and pushes, frames to relays, web outputs and recorders).");
        _dropped = Counters(factory, "mediaactors_session_dropped_frames_total",
            "Frames dropped: slow_reader (a reader out of credit skipped to the next keyframe), ingest (past ingest-queue-bytes), audio_rejected (audio the session could not use).", "reason");
        _ingestQueued = Gauges(factory, "mediaactors_session_ingest_queued_bytes", "Media handed to the session and not yet taken (bounded by ingest-queue-bytes).");
        _gopBytes = Gauges(factory, "mediaactors_session_gop_cache_bytes", "Bytes of the current GOP kept for instant start.");
        _gopFrames = Gauges(factory, "mediaactors_session_gop_cache_frames", "Frames of the current GOP kept for instant start.");
        _mediaBytesPerSecond = Gauges(factory, "mediaactors_session_media_bytes_per_second", "Media (both tracks) arriving at the session, over the last 5 s.");
        _framesPerSecond = Gauges(factory, "mediaactors_session_frames_per_second", "Pictures arriving at the session per second, over the last 5 s.");
        _rtcpLoss = Gauges(factory, "mediaactors_session_rtcp_loss_ratio", "Worst fraction of packets lost (0-1) in the latest receiver reports of the session's RTSP clients.");
        _rtcpJitter = Gauges(factory, "mediaactors_session_rtcp_jitter_seconds", "Worst interarrival jitter in the latest receiver reports of the session's RTSP clients.");
        _relaySent = Counters(factory, "mediaactors_session_relay_frames_sent_total", "Frames the session sent to relays' links (on a board).");
        _relayMissed = Counters(factory, "mediaactors_session_relay_frames_missed_total", "Frames relays' links missed for lack of credit (on a board).");
        _pulling = Gauges(factory, "mediaactors_session_pulling", "1 while the session is attached to the publisher it pulls from (a camera, a board's session).");
        _sourceUp = Gauges(factory, "mediaactors_source_up",
            "1 while the session's source delivers (playing, streaming, publishing, linked) or waits idle on demand; 0 while connecting, retrying or waiting for a publisher.");
        _sourceRestarts = Counters(factory, "mediaactors_source_restarts_total", "Reconnects of a pulled camera or publisher, or restarts of the camera's encoder.");
        _sourceInfo = Gauges(factory, "mediaactors_source_info", "The session's source: its kind and state (always 1).", "kind", "state");

        Registry.AddBeforeCollectCallback(CollectAsync);
    }

    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    /// <summary>Whether a scrape needs the server's credentials (<c>mediaactors.http.metrics.auth</c>).</summary>
    public bool RequiresAuthentication { get; }

    private SeriesFamily<Gauge.Child> Gauges(IMetricFactory factory, string name, string help, params string[] labels) =>
        Add(new SeriesFamily<Gauge.Child>(factory.CreateGauge(name, help, ["session", .. labels])));

    private SeriesFamily<Counter.Child> Counters(IMetricFactory factory, string name, string help, params string[] labels) =>
        Add(new SeriesFamily<Counter.Child>(factory.CreateCounter(name, help, ["session", .. labels])));

    private T Add<T>(T family) where T : SeriesFamily
    {
        _families.Add(family);
        return family;
    }

    private async Task CollectAsync(CancellationToken cancellation)
    {
        await _scraping.WaitAsync(cancellation);
        try
        {
            _sendLatency.Feed(SendLatency.Get(_system).Histogram.Snapshot());
            _gcPauses.Feed(GcPauses.Process.Snapshot());
            _actors.Collect();
            _clusterMemberUp?.Set(Akka.Cluster.Cluster.Get(_system).SelfMember.Status == MemberStatus.Up ? 1 : 0);

            if (_running.Current is { } server)
            {
                await Partly(() => CollectListenerAsync(server, cancellation), cancellation);
                await Partly(() => CollectSessionsAsync(server, cancellation), cancellation);
            }
        }
        finally
        {
            foreach (var family in _families)
            {
                family.Sweep();
            }

            _scraping.Release();
        }
    }

    /// <summary>A part whose actors did not answer in time is left out of this scrape; the others are shown.</summary>
    private async Task Partly(Func<Task> part, CancellationToken cancellation)
    {
        try
        {
            await part();
        }
        catch (Exception error) when (error is AskTimeoutException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            _logger.LogDebug("A scrape went without some counters: {Reason}", error.Message);
        }
    }

    private async Task CollectListenerAsync(WebSessions server, CancellationToken cancellation)
    {
        if (server.Listener is not { } listener)
        {
            return;
        }

        var stats = await listener.Ask<RtspListener.Stats>(RtspListener.GetStats.Instance, SessionOperations.AskTimeout, cancellation);
        _rtspConnections.Set(stats.Connections);
        _rtspAccepted.IncTo(stats.Accepted);
        _rtcpForwarded.IncTo(stats.RtcpForwarded);
        _rtcpDropped.IncTo(stats.RtcpDropped);
    }

    private async Task CollectSessionsAsync(WebSessions server, CancellationToken cancellation)
    {
        var sessions = await server.Operations.GetAllStatsAsync(cancellation);
        var readers = await Task.WhenAll(sessions.Select(session => ReadersOrNullAsync(server, session.Entry.Name, cancellation)));
        _sessions.Set(sessions.Count);
        for (var i = 0; i < sessions.Count; i++)
        {
            var (entry, stats) = sessions[i];
            StartAnewIfReplaced(entry.Name, entry.Session);
            Session(entry.Name, stats, readers[i]);
        }

        // Pulled cameras not reached yet have no session: their source still shows.
        foreach (var source in await _running.GetPullSourcesAsync(cancellation))
        {
            if (!sessions.Any(session => session.Entry.Name == source.SessionName))
            {
                Source(source.SessionName, "pull", source.State, Math.Max(0, source.Connections - 1));
            }
        }
    }

    private static async Task<IReadOnlyList<OwnedReader>?> ReadersOrNullAsync(WebSessions server, string session, CancellationToken cancellation)
    {
        try
        {
            return await server.Operations.GetReadersAsync(session, cancellation);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private void Session(string name, MediaSession.Stats stats, IReadOnlyList<OwnedReader>? readers)
    {
        _frames.Set(stats.AccessUnits, name);
        _keyframes.Set(stats.Keyframes, name);
        _sentPackets.Set(stats.Readers.Packets, name);
        _sentBytes.Set(stats.Readers.Bytes, name);
        _dropped.Set(stats.Readers.FramesDropped, name, "slow_reader");
        _dropped.Set(stats.IngestDrops, name, "ingest");
        _dropped.Set(stats.AudioChunksRejected, name, "audio_rejected");
        _ingestQueued.Set(stats.IngestQueuedBytes, name);
        _gopBytes.Set(stats.GopCacheBytes, name);
        _gopFrames.Set(stats.GopCacheFrames, name);
        _relaySent.Set(stats.Readers.RelayFramesSent, name);
        _relayMissed.Set(stats.Readers.RelayFramesMissed, name);
        _pulling.Set(stats.Pulling ? 1 : 0, name);
        if (stats.Media is { } media)
        {
            _mediaBytesPerSecond.Set(media.BitsPerSecond / 8.0, name);
            _framesPerSecond.Set(media.FramesPerSecond, name);
        }

        if (stats.Source is { } source)
        {
            Source(name, source.Kind, source.State, source.Restarts);
        }

        if (readers is null)
        {
            // Not known this time: the series go rather than show a wrong count.
            return;
        }

        foreach (var kind in ReaderKinds.All)
        {
            _readers.Set(readers.Count(reader => reader.Status.Kind == kind), name, kind.Name());
        }

        var reports = readers.Select(reader => reader.Status.Reception).OfType<ReceptionReport>().ToList();
        if (reports.Count > 0)
        {
            _rtcpLoss.Set(reports.Max(report => report.FractionLostPercent) / 100, name);
            _rtcpJitter.Set(reports.Max(report => report.JitterMilliseconds) / 1000, name);
        }
    }

    private void Source(string session, string kind, string state, long restarts)
    {
        _sourceUp.Set(SourceStates.IsHealthy(state) ? 1 : 0, session);
        _sourceRestarts.Set(restarts, session);
        _sourceInfo.Set(1, session, kind, state);
    }

    /// <summary>A session destroyed and created again between scrapes counts from zero: its old series go first, so Prometheus sees a reset.</summary>
    private void StartAnewIfReplaced(string name, IActorRef actor)
    {
        if (_sessionActors.TryGetValue(name, out var known) && !known.Equals(actor))
        {
            foreach (var family in _families)
            {
                family.RemoveSeriesOf(name);
            }
        }

        _sessionActors[name] = actor;
    }

    /// <summary>
    /// Feeds a Prometheus histogram what a <see cref="LatencyHistogram"/> recorded since the last
    /// feed: each of its fine buckets (1/16 of a power of two wide) as that many observations at
    /// their mean, so the count and the sum are exact and a sample lands in the Prometheus bucket of
    /// its fine bucket's mean (off by at most one fine bucket's width at a bucket bound).
    /// </summary>
    private sealed class HistogramFeed(Histogram histogram)
    {
        private readonly Dictionary<long, (long Count, long Sum)> _fed = new();

        public void Feed(LatencySnapshot snapshot)
        {
            foreach (var bucket in snapshot.Buckets)
            {
                var fed = _fed.GetValueOrDefault(bucket.LowerMicros);
                var count = bucket.Count - fed.Count;
                if (count <= 0)
                {
                    continue;
                }

                var mean = Math.Clamp((bucket.SumMicros - fed.Sum) / (double)count, bucket.LowerMicros, bucket.UpperMicros);
                histogram.Observe(mean / 1_000_000, count);
                _fed[bucket.LowerMicros] = (bucket.Count, bucket.SumMicros);
            }
        }
    }
}

/// <summary>The states a session's source reports (<see cref="MediaSession.SourceStatus"/>, <see cref="RtspSource.Stats"/>), as health.</summary>
public static class SourceStates
{
    /// <summary>
    /// True when the source delivers (a pulled camera playing, the node's camera streaming, a
    /// publisher publishing, a board's session linked) or was reached and waits idle on demand;
    /// false while it connects, retries after a failure, or waits for a publisher.
    /// </summary>
    public static bool IsHealthy(string state) => state is "playing" or "streaming" or "publishing" or "linked" or "idle";
}
