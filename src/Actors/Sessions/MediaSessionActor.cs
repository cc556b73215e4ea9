using Akka.Actor;
using Akka.Event;
using MediaActors.Configuration;
using MediaActors.Flow;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Sessions;

/// <summary>
/// One named stream (a K230 session) with a video track and optionally an audio track. Video
/// arrives either from <c>SendVideoData</c> (through the <see cref="IngestGate"/>) or from a camera
/// actor it pulls from with credit (<see cref="MediaSession.PullFrom"/>). Each track packetizes its
/// media once; the session fans the shared packets out to the subscribers of that track without
/// ever waiting for the slowest one: every subscriber has a bound of frames in flight, and one
/// that exceeds it skips ahead to the next keyframe. A new video subscriber starts with the
/// frames of the current GOP (<see cref="GopCache"/>). The session also sends each subscriber's
/// connection the RTCP sender reports of its track. Pulling from a publisher and publishing to
/// relays are in MediaSessionActor.Relaying.cs.
/// </summary>
public sealed partial class MediaSessionActor : ReceiveActor, IWithTimers
{
    private readonly string _name;
    private readonly RtspServerSettings _settings;
    private readonly IngestGate _gate;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly VideoTrack _video;
    private readonly AudioTrack? _audio;
    private readonly Dictionary<IActorRef, Subscriber> _subscribers = new();
    private readonly Dictionary<long, IActorRef> _describeWaiters = new();
    private readonly List<RtpPacketBatch> _batches = new();
    private readonly GopCache? _gopCache;

    /// <summary>The RTCP CNAME of this session's tracks: random per session (RFC 7022), shared by its
    /// tracks so that players know which audio and video belong together.</summary>
    private readonly string _cname = "mediaactors-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    private long _nextWaiterId;
    private long _accessUnitCount, _keyframeCount, _packetCount, _subscriberSkips, _ingestDrops, _instantStarts;

    public MediaSessionActor(string name, Codec video, Codec? audio, RtspServerSettings settings, IngestGate gate)
    {
        _name = name;
        _settings = settings;
        _gate = gate;
        _video = new VideoTrack(video, settings.MaxRtpPacketSize);
        _audio = audio is { } audioCodec ? new AudioTrack(audioCodec, settings.MaxRtpPacketSize) : null;
        if (settings.GopCache)
        {
            _gopCache = new GopCache(settings.GopCacheMaxBytes, settings.GopCacheMaxFrames);
        }

        Receive<MediaSession.IngestVideo>(chunk =>
        {
            _gate.Leave(chunk.AnnexB.Length);
            PublishVideo(chunk);
        });
        Receive<MediaSession.PullFrom>(PullFrom);
        Receive<EncodedFrame>(OnEncodedFrame);
        Receive<FrameFlow.Ended>(ended => _log.Warning("Session {0}: its camera ended: {1}", _name, ended.Reason));
        Receive<LingerElapsed>(_ => DetachUnlessWanted());
        Receive<SourceWatch>(_ => WatchSource());
        Receive<FrameFlow.Attach>(AttachRelay);
        Receive<FrameFlow.Request>(request => _relays.Grant(Sender, request.Count));
        Receive<FrameFlow.Detach>(_ => RemoveRelay(Sender));
        Receive<MediaSession.IngestAudio>(IngestAudio);
        Receive<MediaSession.Describe>(Describe);
        Receive<DescribeTimedOut>(OnDescribeTimedOut);
        Receive<MediaSession.Subscribe>(Subscribe);
        Receive<SenderReportDue>(_ => SendSenderReports());
        Receive<MediaSession.FramesHandled>(handled => OnFramesHandled(Sender, handled.Count));
        Receive<Terminated>(OnTerminated);
        Receive<MediaSession.GetStats>(_ => Sender.Tell(new MediaSession.Stats(
            _accessUnitCount, _keyframeCount, _packetCount, _subscribers.Count, _subscriberSkips, _ingestDrops,
            _gopCache?.Frames ?? 0, _gopCache?.Bytes ?? 0, _gopCache?.Overflows ?? 0, _instantStarts, _gate.QueuedBytes,
            _audio?.RejectedChunks ?? 0, _relays.Stats(), _pulling)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string name, Codec video, Codec? audio, RtspServerSettings settings, IngestGate gate) =>
        Akka.Actor.Props.Create(() => new MediaSessionActor(name, video, audio, settings, gate));

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(nameof(SenderReportDue), SenderReportDue.Instance, _settings.RtcpInterval);

    protected override void PostStop() => EndRelaying();

    private IEnumerable<MediaTrack> Tracks => _audio is null ? [_video] : [_video, _audio];

    private void PublishVideo(MediaSession.IngestVideo chunk)
    {
        if (chunk.AfterDrop)
        {
            _ingestDrops++;
            // What follows the gap cannot be decoded from the cached frames.
            _gopCache?.Clear();
        }
        _batches.Clear();
        _exports.Clear();
        _video.Push(chunk, _batches, _relays.Count > 0 ? _exports : null);
        foreach (var packets in _batches)
        {
            _accessUnitCount++;
            if (packets.IsKeyframe)
            {
                _keyframeCount++;
            }

            _gopCache?.Add(packets);
            FanOut(new MediaSession.FrameAvailable(VideoTrack.Id, packets, chunk.ArrivalMicros));
        }
        foreach (var frame in _exports)
        {
            _relays.Publish(frame, Self);
        }

        PublishWhenDescribable();
        AnswerDescribeWaitersWhenReady();
    }

    private void IngestAudio(MediaSession.IngestAudio chunk)
    {
        _gate.Leave(chunk.Data.Length);
        _batches.Clear();
        _audio!.Push(chunk, _batches);
        foreach (var packets in _batches)
        {
            FanOut(new MediaSession.FrameAvailable(AudioTrack.Id, packets, chunk.ArrivalMicros));
        }

        AnswerDescribeWaitersWhenReady();
    }

    private void FanOut(MediaSession.FrameAvailable frame)
    {
        _packetCount += frame.Packets.Count;
        foreach (var (subscriber, state) in _subscribers)
        {
            if (state.TrackId == frame.TrackId)
            {
                Offer(subscriber, state, frame);
            }
        }
    }

    /// <summary>Sends a frame to one subscriber unless it is waiting for a keyframe or has too many in flight.</summary>
    private void Offer(IActorRef subscriber, Subscriber state, MediaSession.FrameAvailable frame)
    {
        // A subscriber can only start decoding, or resume after a skip, at a keyframe
        // (every audio packet is one).
        if (state.WaitingForKeyframe && !frame.Packets.IsKeyframe)
        {
            if (state.Started)
            {
                _subscriberSkips++;
            }

            return;
        }
        if (state.FramesInFlight >= _settings.ClientFramesInFlight)
        {
            state.WaitingForKeyframe = true;
            _subscriberSkips++;
            return;
        }

        state.WaitingForKeyframe = false;
        state.FramesInFlight++;
        if (!state.Started)
        {
            Start(subscriber, state, frame.Packets);
        }

        subscriber.Tell(frame);
    }

    /// <summary>
    /// A subscriber's first frame (a keyframe) is where its stream starts: only now can the PLAY
    /// reply's RTP-Info name the sequence number and RTP time of the first packet the player will
    /// get, which players take as the origin of their timeline (FFmpeg would otherwise shift every
    /// frame by the wait for the keyframe). The first sender report goes with it.
    /// </summary>
    private void Start(IActorRef subscriber, Subscriber state, RtpPacketBatch firstFrame)
    {
        state.Started = true;
        var track = Tracks.First(t => t.TrackId == state.TrackId);
        var report = new MediaSession.SenderReport(subscriber, track.TrackId, track.CurrentSenderReport(), _cname);
        if (state.Answered)
        {
            state.Reports.Tell(report);
        }
        else
        {
            state.SubscribeRequester.Tell(new MediaSession.Subscribed(state.TrackId, firstFrame.FirstSequenceNumber, firstFrame.Timestamp, report));
        }
    }

    private void OnFramesHandled(IActorRef subscriber, int count)
    {
        if (_subscribers.TryGetValue(subscriber, out var state))
        {
            state.FramesInFlight = Math.Max(0, state.FramesInFlight - count);
        }
    }

    private void Subscribe(MediaSession.Subscribe request)
    {
        var track = Tracks.FirstOrDefault(t => t.TrackId == request.TrackId);
        if (track is null)
        {
            Sender.Tell(new Status.Failure(new ArgumentException($"session '{_name}' has no track {request.TrackId}")));
            return;
        }
        if (_subscribers.ContainsKey(request.Sender))
        {
            return;
        }

        KeepPulling();
        // Answered with the subscriber's first frame (see Start); a track that has never carried
        // media (audio nobody sends yet) is answered at once, with where its first packet will start.
        var state = new Subscriber(request.TrackId, request.Reports, Sender) { Answered = !track.HasStarted };
        _subscribers.Add(request.Sender, state);
        Context.Watch(request.Sender);
        if (state.Answered)
        {
            Sender.Tell(new MediaSession.Subscribed(track.TrackId, track.FirstSequenceNumber, track.FirstRtpTimestamp, FirstReport: null));
        }
        else if (track is VideoTrack && _gopCache is { Frames: > 0 } && _gopCache.Bytes <= request.CatchUpLimitBytes)
        {
            StartFromGopCache(request.Sender, state);
        }
    }

    /// <summary>Instant start: the subscriber gets the current GOP now, then the live frames.</summary>
    private void StartFromGopCache(IActorRef subscriber, Subscriber state)
    {
        _instantStarts++;
        foreach (var frame in _gopCache!.CatchUpFrames())
        {
            Offer(subscriber, state, new MediaSession.FrameAvailable(VideoTrack.Id, frame));
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_source))
        {
            _log.Warning("Session {0}: its camera {1} stopped", _name, _source.Path);
            _source = null;
            StopPulling();
            return;
        }
        if (RemoveRelay(terminated.ActorRef))
        {
            return;
        }

        if (_subscribers.Remove(terminated.ActorRef))
        {
            LingerWhenUnwanted();
        }
    }

    private void SendSenderReports()
    {
        foreach (var track in Tracks.Where(t => t.HasStarted))
        {
            var report = track.CurrentSenderReport();
            foreach (var (subscriber, state) in _subscribers.Where(s => s.Value.TrackId == track.TrackId && s.Value.Started))
            {
                state.Reports.Tell(new MediaSession.SenderReport(subscriber, track.TrackId, report, _cname));
            }
        }
    }

    /// <summary>Describable once the video's parameter sets and the audio's configuration are known.</summary>
    private bool IsFullyDescribable => _video.IsDescribable && (_audio?.IsDescribable ?? true);

    private void Describe(MediaSession.Describe request)
    {
        // A DESCRIBE is usually followed by PLAY: start pulling now, so the first frames are on their way.
        KeepPulling();
        LingerWhenUnwanted();
        if (!request.WaitForParameterSets || IsFullyDescribable)
        {
            Sender.Tell(Described());
            return;
        }

        var waiterId = _nextWaiterId++;
        _describeWaiters.Add(waiterId, Sender);
        Timers.StartSingleTimer(waiterId, new DescribeTimedOut(waiterId), _settings.DescribeWait);
    }

    private void AnswerDescribeWaitersWhenReady()
    {
        if (_describeWaiters.Count == 0 || !IsFullyDescribable)
        {
            return;
        }

        var description = Described();
        foreach (var (waiterId, waiter) in _describeWaiters)
        {
            Timers.Cancel(waiterId);
            waiter.Tell(description);
        }
        _describeWaiters.Clear();
    }

    /// <summary>After the wait, a stream with video is described with what is known (audio that has
    /// not started is left out); without video parameter sets it is unavailable.</summary>
    private void OnDescribeTimedOut(DescribeTimedOut timeout)
    {
        if (!_describeWaiters.Remove(timeout.WaiterId, out var waiter))
        {
            return;
        }

        if (_video.IsDescribable)
        {
            waiter.Tell(Described());
            return;
        }
        _log.Warning("Session {0}: DESCRIBE answered 503, the encoder produced no parameter sets within {1}", _name, _settings.DescribeWait);
        waiter.Tell(new MediaSession.Unavailable(
            $"session '{_name}' has not received SPS/PPS from its encoder within {_settings.DescribeWait.TotalSeconds:0.#} s"));
    }

    private MediaSession.Described Described() =>
        new(_name, Self, Tracks.Where(t => t.IsDescribable || t is VideoTrack).Select(t => t.Describe()).ToList());

    private sealed record DescribeTimedOut(long WaiterId);

    private sealed class SenderReportDue
    {
        public static readonly SenderReportDue Instance = new();
    }

    private sealed class Subscriber(int trackId, IActorRef reports, IActorRef subscribeRequester)
    {
        public int TrackId { get; } = trackId;

        public IActorRef Reports { get; } = reports;

        /// <summary>Who asked to subscribe; told <see cref="MediaSession.Subscribed"/> with the first frame.</summary>
        public IActorRef SubscribeRequester { get; } = subscribeRequester;

        public int FramesInFlight;
        public bool WaitingForKeyframe = true;

        /// <summary>Received its first keyframe: frames it misses from now on are skips, not its join wait.</summary>
        public bool Started;

        /// <summary>The requester already has its <see cref="MediaSession.Subscribed"/>.</summary>
        public bool Answered;
    }
}
