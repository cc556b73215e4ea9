using Akka.Actor;
using Akka.Event;
using MediaActors.Configuration;
using MediaActors.Flow;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;
using MediaActors.Sessions;

namespace MediaActors.Sources;

/// <summary>
/// A camera pulled over RTSP, as a publisher of frames like any camera: its session pulls from it
/// with credit (<see cref="FrameFlow"/>), and so may anything else. It creates that session once
/// the camera has described its stream (the codecs come from there), then keeps a connection
/// (<see cref="RtspPlayer"/>) playing: always, or on demand only while it has consumers. When the
/// connection fails it says why (log, <see cref="RtspSource.Stats"/>, the session's stats) and
/// connects again after a backoff; its consumers stay attached meanwhile and the stream continues
/// at the new connection's first keyframe on the same timeline, so the session's clients keep
/// playing with continuous sequence numbers and time that only moves forward.
/// </summary>
public sealed class RtspSourceActor : FramePublisherActor, IWithTimers
{
    private const string ReconnectTimer = "reconnect";
    private const string IdleTimer = "idle";

    /// <summary>
    /// How long an on-demand source keeps its connection after its last consumer detached: the
    /// session lingers before it detaches, so this only bridges a consumer that detaches and
    /// attaches again at once (a session re-attaching after a silence).
    /// </summary>
    private static readonly TimeSpan IdleGrace = TimeSpan.FromSeconds(2);

    /// <summary>Frames the receive loops may have handed over and not yet had published (about a second of video with audio).</summary>
    private const int InboxFrames = 64;

    private readonly RtspSourceSettings _settings;
    private readonly IActorRef _registry;
    private readonly RtspServerSettings _server;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SourceTimeline _timeline = new();
    private readonly PullInbox _inbox = new(InboxFrames);
    private readonly ReconnectBackoff _backoff;
    private PullTransport _transport;
    private IActorRef? _session;
    private Codec? _video, _audio;
    private int _attempt;
    private CancellationTokenSource? _running;
    private IReadOnlyList<ReceivedTrack> _tracks = [];
    private string _state = "connecting";
    private string? _lastError;
    private int _connections, _failures;
    private long _frames, _keyframes, _lostBefore, _discardedBefore;

    public RtspSourceActor(RtspSourceSettings settings, IActorRef registry, RtspServerSettings server)
    {
        _settings = settings;
        _registry = registry;
        _server = server;
        _backoff = new ReconnectBackoff(settings.ReconnectMin, settings.ReconnectMax);
        _transport = settings.Transport == PullTransport.Tcp ? PullTransport.Tcp : PullTransport.Udp;
        Receive<RtspSource.Described>(OnDescribed);
        Receive<RtspSource.Playing>(OnPlaying);
        Receive<ReceivedFrame>(OnPulled);
        Receive<RtspSource.AttemptEnded>(OnAttemptEnded);
        Receive<SessionRegistry.SessionCreated>(OnSessionCreated);
        Receive<Status.Failure>(failure =>
        {
            _log.Error("Source {0}: its session could not be created ({1}); the source stops", _settings.SessionName, failure.Cause.Message);
            Context.Stop(Self);
        });
        Receive<Reconnect>(_ => Connect());
        Receive<IdleCheck>(_ => DisconnectWhenUnwanted());
        Receive<RtspSource.GetStats>(_ => Sender.Tell(Stats()));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="registry">The session registry the source creates its session in.</param>
    public static Props Props(RtspSourceSettings settings, IActorRef registry, RtspServerSettings server) =>
        Akka.Actor.Props.Create(() => new RtspSourceActor(settings, registry, server));

    private bool Wanted => !_settings.OnDemand || Consumers.Count > 0;

    protected override void PreStart() => Connect();

    protected override void PostStop()
    {
        StopConnection();
        Consumers.End($"the source of '{_settings.SessionName}' was stopped", Self);
    }

    /// <summary>A new connection: to play when wanted, else (on demand, nobody watching) only to describe the stream for the session.</summary>
    private void Connect()
    {
        StopConnection();
        var describeOnly = !Wanted;
        if (describeOnly && _session is not null)
        {
            SetState("idle");
            return;
        }

        var attempt = ++_attempt;
        _running = new CancellationTokenSource();
        var player = new RtspPlayer(_settings, _transport, attempt, Self, _timeline, _inbox, _log);
        SetState("connecting");
        player.RunAsync(describeOnly, _running.Token).PipeTo(Self,
            success: () => new RtspSource.AttemptEnded(attempt, null),
            failure: error => new RtspSource.AttemptEnded(attempt, error is AggregateException { InnerException: { } inner } ? inner : error));
    }

    private void StopConnection()
    {
        if (_running is null)
        {
            return;
        }

        _running.Cancel();
        _running.Dispose();
        _running = null;
        // What the stopped connection still reports is of no interest any more.
        _attempt++;
        KeepTrackCounts();
    }

    private void OnDescribed(RtspSource.Described described)
    {
        if (described.Attempt != _attempt)
        {
            return;
        }

        if (_video is null)
        {
            (_video, _audio) = (described.Video, described.Audio);
            _log.Info("Source {0}: {1} streams {2}{3}", _settings.SessionName, _settings, described.Video, described.Audio is { } audio ? $" + {audio}" : "");
            _registry.Tell(new SessionRegistry.CreateSession(_settings.SessionName, described.Video, described.Audio, new IngestGate(_server.IngestQueueBytes)));
        }
        else if (_video != described.Video || _audio != described.Audio)
        {
            // The session's tracks were made for the first codecs; its clients could not decode others.
            Fail($"the camera now streams {described.Video}{(described.Audio is { } now ? $" + {now}" : "")}, " +
                 $"but session '{_settings.SessionName}' was made for {_video}{(_audio is { } was ? $" + {was}" : "")}; restart the server to take the new codecs");
        }
    }

    private void OnSessionCreated(SessionRegistry.SessionCreated created)
    {
        _session = created.Session;
        _session.Tell(new MediaSession.PullFrom(Self, _settings.OnDemand ? _settings.OnDemandLinger : null, _server.ReceivedSourceCredit));
        _session.Tell(SourceStatus());
    }

    private void OnPlaying(RtspSource.Playing playing)
    {
        if (playing.Attempt != _attempt)
        {
            return;
        }

        _tracks = playing.Tracks;
        _connections++;
        _lastError = null;
        SetState("playing");
        _log.Info("Source {0}: playing {1} over {2}", _settings.SessionName, _settings, playing.Transport);
    }

    private void OnPulled(ReceivedFrame pulled)
    {
        _inbox.Leave();
        if (pulled.Connection != _attempt)
        {
            return;
        }

        var frame = pulled.Frame;
        if (CodecFormat.IsVideo(frame.Codec))
        {
            _frames++;
            if (frame.IsKeyframe)
            {
                _keyframes++;
                // Media flows: the next failure starts its backoff from the beginning.
                _backoff.Succeeded();
            }
        }

        Publish(frame);
    }

    private void OnAttemptEnded(RtspSource.AttemptEnded ended)
    {
        if (ended.Attempt != _attempt)
        {
            return;
        }

        _running?.Dispose();
        _running = null;
        KeepTrackCounts();
        switch (ended.Error)
        {
            case null when !Wanted:
                SetState("idle");
                return;
            case null:
                // Described only, and now somebody wants it: play.
                Connect();
                return;
            case RtspSourceException { NoUdpMedia: true } noUdp:
                _log.Warning("Source {0}: {1}; pulling over TCP from now on", _settings.SessionName, noUdp.Message);
                _transport = PullTransport.Tcp;
                Connect();
                return;
            case OperationCanceledException:
                return;
            default:
                Fail(ended.Error is RtspSourceException ? ended.Error.Message : $"{ended.Error.GetType().Name}: {ended.Error.Message}");
                return;
        }
    }

    /// <summary>Logs why the source failed, shows it in the stats, and connects again after the backoff.</summary>
    private void Fail(string reason)
    {
        StopConnection();
        _failures++;
        _lastError = reason;
        var delay = _backoff.NextDelay();
        _log.Warning("Source {0} ({1}): {2}; connecting again in {3:0.0} s", _settings.SessionName, _settings, reason, delay.TotalSeconds);
        SetState("retrying");
        Timers.StartSingleTimer(ReconnectTimer, Reconnect.Instance, delay);
    }

    protected override void OnAttached()
    {
        if (_settings.OnDemand && _running is null && !Timers.IsTimerActive(ReconnectTimer))
        {
            _log.Info("Source {0}: wanted; connecting to {1}", _settings.SessionName, _settings);
            Connect();
        }
    }

    protected override void OnDetached()
    {
        if (_settings.OnDemand && Consumers.Count == 0)
        {
            Timers.StartSingleTimer(IdleTimer, IdleCheck.Instance, IdleGrace);
        }
    }

    private void DisconnectWhenUnwanted()
    {
        if (Wanted || _running is null)
        {
            return;
        }

        _log.Info("Source {0}: nobody watches; disconnecting from {1}", _settings.SessionName, _settings);
        StopConnection();
        SetState("idle");
    }

    private void SetState(string state)
    {
        _state = state;
        _session?.Tell(SourceStatus());
    }

    /// <summary>What the session shows of its source; a reconnect counts as a restart.</summary>
    private MediaSession.SourceStatus SourceStatus() =>
        new("pull", _settings.ToString(), _state, _lastError, Math.Max(0, _connections - 1));

    /// <summary>The packet counts of a connection's tracks, added up before the next connection's start from zero.</summary>
    private void KeepTrackCounts()
    {
        foreach (var track in _tracks)
        {
            _lostBefore += track.LostPackets;
            _discardedBefore += track.DiscardedPackets;
        }

        _tracks = [];
    }

    private RtspSource.Stats Stats()
    {
        long lost = _lostBefore, discarded = _discardedBefore;
        foreach (var track in _tracks)
        {
            lost += track.LostPackets;
            discarded += track.DiscardedPackets;
        }

        return new RtspSource.Stats(_settings.SessionName, _settings.Uri, _state, _lastError, _running is null ? null : _transport, _video, _audio,
            _connections, _failures, _frames, _keyframes, _inbox.Dropped, lost, discarded, Consumers.Stats());
    }

    private sealed class Reconnect
    {
        public static readonly Reconnect Instance = new();
    }

    private sealed class IdleCheck
    {
        public static readonly IdleCheck Instance = new();
    }
}
