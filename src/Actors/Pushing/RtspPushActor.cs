using Akka.Actor;
using Akka.Event;
using MediaActors.Configuration;
using MediaActors.Connections;
using MediaActors.Delivery;
using MediaActors.Operations;
using MediaActors.Protocol.Rtcp;
using MediaActors.Sessions;
using MediaActors.Sources;

namespace MediaActors.Pushing;

/// <summary>
/// Pushes a session to another RTSP server (ANNOUNCE/RECORD over TCP): it describes the session,
/// announces that description to the target, sets up each track interleaved on the connection and
/// records; then each track is read like a local client's: an <see cref="RtpSenderActor"/>
/// subscribed to the session writes the shared RTP packets into the connection's bounded queue
/// and acknowledges them with <see cref="Flow.FrameFlow.Request"/>, skipping to the next keyframe
/// when the target does not drain, and the track's sender reports go on its RTCP channel. On any
/// failure (the target down or refusing, a 401, the connection closed or stalled, the session
/// gone) it says why (log, <see cref="RtspPush.Stats"/>) and connects again after a capped,
/// jittered backoff; the session and its other readers notice nothing of it.
/// </summary>
public sealed class RtspPushActor : ReceiveActor, IWithTimers
{
    private const string ReconnectTimer = "reconnect";

    private readonly string _sessionName;
    private readonly RtspPushSettings _settings;
    private readonly IActorRef _registry;
    private readonly RtspServerSettings _server;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ReconnectBackoff _backoff;
    private readonly PushCounters _counters = new();
    private readonly Dictionary<int, PushingTrack> _tracks = new();
    private int _attempt;
    private CancellationTokenSource? _running;
    private PushConnection? _connection;
    private Connections.ConnectionWriter? _writer;
    private IActorRef? _session;
    private string _state = "connecting";
    private string? _lastError;
    private int _connections, _failures;
    private readonly string _readerId = ReaderIds.New("push");
    private readonly DateTimeOffset _since = DateTimeOffset.UtcNow;

    public RtspPushActor(string sessionName, RtspPushSettings settings, IActorRef registry, RtspServerSettings server)
    {
        _sessionName = sessionName;
        _settings = settings;
        _registry = registry;
        _server = server;
        _backoff = new ReconnectBackoff(settings.ReconnectMin, settings.ReconnectMax);
        Receive<RtspPush.Established>(OnEstablished);
        Receive<RtspPush.AttemptEnded>(OnAttemptEnded);
        Receive<MediaSession.Subscribed>(OnSubscribed);
        Receive<MediaSession.SenderReport>(OnSenderReport);
        Receive<RtpSender.Stalled>(stalled =>
        {
            if (_tracks.Values.Any(track => track.Sender.Equals(Sender)))
            {
                Fail($"the target took nothing for {stalled.For.TotalSeconds:0.#} s (its connection's queue stayed full)");
            }
        });
        Receive<Status.Failure>(failure => Fail($"the session refused a track: {failure.Cause.Message}"));
        Receive<Terminated>(OnTerminated);
        Receive<Reconnect>(_ => Connect());
        Receive<RtspPush.GetStats>(_ => Sender.Tell(Stats()));
        Receive<Readers.Describe>(_ => Sender.Tell(Readers.Described.Of(new ReaderStatus(
            _readerId, ReaderKind.Push, _settings.Uri, _since, _counters.BytesSent, _counters.FramesSent, _counters.FramesRefused,
            _writer?.QueuedBytes ?? 0)
        {
            Kickable = false,
        })));
        Receive<Readers.Kick>(kick => Sender.Tell(new Readers.Kicked(kick.ReaderId, Found: false)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="registry">The session registry, through which the session is described.</param>
    public static Props Props(string sessionName, RtspPushSettings settings, IActorRef registry, RtspServerSettings server) =>
        Akka.Actor.Props.Create(() => new RtspPushActor(sessionName, settings, registry, server));

    protected override void PreStart()
    {
        _log.Info("Push {0}: to {1}", _sessionName, _settings);
        Connect();
    }

    protected override void PostStop()
    {
        StopConnection();
        _log.Info("Push {0} to {1} stopped: {2} frames, {3} bytes sent, {4} reconnects", _sessionName, _settings,
            _counters.FramesSent, _counters.BytesSent, _failures);
    }

    /// <summary>A new attempt: describe the session, then connect to the target and announce, set up and record it.</summary>
    private void Connect()
    {
        StopConnection();
        var attempt = ++_attempt;
        _running = new CancellationTokenSource();
        SetState("connecting");
        OpenAsync(attempt, _sessionName, _settings, _registry, _server.DescribeWait, _running.Token).PipeTo(Self,
            success: established => established,
            failure: error => new RtspPush.AttemptEnded(attempt, error is AggregateException { InnerException: { } inner } ? inner : error));
    }

    private static async Task<object> OpenAsync(int attempt, string sessionName, RtspPushSettings settings, IActorRef registry, TimeSpan describeWait,
        CancellationToken cancellation)
    {
        var described = await SessionAsks.Describe(registry, sessionName, describeWait, cancellation) switch
        {
            MediaSession.Described answer => answer,
            MediaSession.Unavailable unavailable => throw new RtspSourceException($"the session cannot be described yet: {unavailable.Reason}"),
            _ => throw new RtspSourceException($"there is no session '{sessionName}' (yet)"),
        };
        var connection = await PushConnection.OpenAsync(settings, described, cancellation);
        return new RtspPush.Established(attempt, connection, described);
    }

    /// <summary>The target records: each track gets a sender, subscribed to the session like a client's, held until its start is known.</summary>
    private void OnEstablished(RtspPush.Established established)
    {
        if (established.Attempt != _attempt || _running is null)
        {
            _ = established.Connection.DisposeAsync().AsTask();
            return;
        }

        _connection = established.Connection;
        _connections++;
        _session = established.Described.Session;
        Context.Watch(_session);
        _writer = _connection.StartMedia(_settings.MaxQueuedBytes);
        foreach (var track in _connection.Tracks)
        {
            var transport = new CountingRtpTransport(new InterleavedRtpTransport(_writer, track.Channels), _counters);
            var sender = Context.ActorOf(MediaDispatcher.On(
                RtpSenderActor.Props($"push {_sessionName} to {_settings}", transport, _settings.StallTimeout, _server.FramesPerAcknowledgement),
                Context.System), $"track-{track.TrackId}-{_attempt}");
            Context.Watch(sender);
            _tracks[track.TrackId] = new PushingTrack(sender, transport);
            // Subscribed comes back here (with the first frame); sender reports too.
            _session.Tell(new MediaSession.Subscribe(sender, track.TrackId, Self, transport.BurstLimitBytes), Self);
        }

        var attempt = _attempt;
        _connection.RunAsync(_running.Token).PipeTo(Self,
            success: () => new RtspPush.AttemptEnded(attempt, new RtspSourceException("the connection ended")),
            failure: error => new RtspPush.AttemptEnded(attempt, error is AggregateException { InnerException: { } inner } ? inner : error));
    }

    /// <summary>A track's stream starts: its first sender report goes ahead of its media, then the media flows.</summary>
    private void OnSubscribed(MediaSession.Subscribed subscribed)
    {
        if (!_tracks.TryGetValue(subscribed.TrackId, out var track) || track.Active)
        {
            return;
        }

        track.Active = true;
        if (subscribed.FirstReport is { } report)
        {
            track.Transport.TrySendRtcp(RtcpCompound.SenderReport(report.Report, report.Cname));
        }

        track.Sender.Tell(RtpSender.Activate.Instance);
        if (subscribed.TrackId == VideoTrack.Id)
        {
            // Media flows: the next failure starts its backoff from the beginning.
            _backoff.Succeeded();
        }

        if (_tracks.Values.All(t => t.Active))
        {
            _lastError = null;
            SetState("recording");
            _log.Info("Push {0}: recording to {1} ({2})", _sessionName, _settings,
                string.Join(", ", _connection!.Tracks.Select(t => $"track {t.TrackId} on channels {t.Channels.Rtp}-{t.Channels.Rtcp}")));
        }
    }

    private void OnSenderReport(MediaSession.SenderReport report)
    {
        if (_tracks.TryGetValue(report.TrackId, out var track) && track.Active && track.Sender.Equals(report.Subscriber))
        {
            track.Transport.TrySendRtcp(RtcpCompound.SenderReport(report.Report, report.Cname));
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_session))
        {
            _session = null;
            Fail("the session ended");
        }
        else if (_tracks.Values.Any(track => track.Sender.Equals(terminated.ActorRef)))
        {
            Fail("a track's sender stopped");
        }
    }

    private void OnAttemptEnded(RtspPush.AttemptEnded ended)
    {
        if (ended.Attempt != _attempt || ended.Error is OperationCanceledException)
        {
            return;
        }

        Fail(ended.Error is RtspSourceException ? ended.Error.Message : $"{ended.Error.GetType().Name}: {ended.Error.Message}");
    }

    /// <summary>Logs why the push failed, shows it in the stats, and connects again after the backoff.</summary>
    private void Fail(string reason)
    {
        StopConnection();
        _failures++;
        _lastError = reason;
        var delay = _backoff.NextDelay();
        _log.Warning("Push {0} to {1}: {2}; connecting again in {3:0.0} s", _sessionName, _settings, reason, delay.TotalSeconds);
        SetState("retrying");
        Timers.StartSingleTimer(ReconnectTimer, Reconnect.Instance, delay);
    }

    /// <summary>Ends the current attempt: its senders stop (which unsubscribes them), and the connection says TEARDOWN and closes.</summary>
    private void StopConnection()
    {
        // What the stopped attempt still reports is of no interest any more.
        _attempt++;
        _running?.Cancel();
        _running?.Dispose();
        _running = null;
        foreach (var track in _tracks.Values)
        {
            Context.Unwatch(track.Sender);
            Context.Stop(track.Sender);
        }

        _tracks.Clear();
        if (_session is not null)
        {
            Context.Unwatch(_session);
            _session = null;
        }

        if (_connection is not null)
        {
            _ = _connection.DisposeAsync().AsTask();
            _connection = null;
        }

        _writer = null;
    }

    private void SetState(string state) => _state = state;

    private RtspPush.Stats Stats() =>
        new(_sessionName, _settings.Uri, _state, _lastError, _connections, _failures,
            _counters.FramesSent, _counters.BytesSent, _counters.FramesRefused, _writer?.QueuedBytes ?? 0);

    /// <summary>One track of the current connection: its sender and transport, and whether its stream has started.</summary>
    private sealed class PushingTrack(IActorRef sender, IRtpTransport transport)
    {
        public IActorRef Sender { get; } = sender;

        public IRtpTransport Transport { get; } = transport;

        public bool Active { get; set; }
    }

    private sealed class Reconnect
    {
        public static readonly Reconnect Instance = new();
    }
}
