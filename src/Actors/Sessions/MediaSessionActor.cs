using Akka.Actor;
using Akka.Event;
using MediaActors.Configuration;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Rtcp;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Sdp;
using MediaActors.Protocol.Timing;

namespace MediaActors.Sessions;

/// <summary>
/// One named stream (a K230 session). Turns encoder output into access units, stamps them on
/// the 90 kHz RTP clock, packetizes each access unit once, and fans the shared packets out to
/// its subscribers without ever waiting for the slowest one: every subscriber has a bound of
/// frames in flight, and one that exceeds it skips ahead to the next keyframe.
/// </summary>
public sealed class MediaSessionActor : ReceiveActor, IWithTimers
{
    public const int VideoTrackId = 0;
    private const int VideoClockRate = 90_000;

    private readonly string _name;
    private readonly RtspServerSettings _settings;
    private readonly IngestGate _gate;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IVideoAccessUnitAssembler _assembler;
    private readonly PresentationClock _clock = new(new PresentationClockOptions());
    private readonly IRtpPacketizer _packetizer;
    private readonly uint _rtpTimestampOffset;
    private readonly Dictionary<IActorRef, Subscriber> _subscribers = new();
    private readonly Dictionary<long, IActorRef> _describeWaiters = new();
    private readonly List<AccessUnit> _accessUnits = new();

    /// <summary>The RTCP CNAME of this session's tracks: random per session (RFC 7022), shared by its
    /// tracks so that players know which audio and video belong together.</summary>
    private readonly string _cname = "mediaactors-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    private bool _resynchronising;
    private bool _hasPicture;
    private long _lastPresentationMicros;
    private long _lastArrivalMicros;
    private long _payloadOctets;
    private uint _lastRtpTimestamp;
    private long _nextWaiterId;
    private long _accessUnitCount, _keyframeCount, _packetCount, _subscriberSkips, _ingestDrops;

    public MediaSessionActor(string name, VideoType videoType, RtspServerSettings settings, IngestGate gate)
    {
        _name = name;
        _settings = settings;
        _gate = gate;
        _assembler = VideoCodecs.CreateAssembler(videoType);
        _packetizer = VideoCodecs.CreatePacketizer(videoType,
            ssrc: (uint)Random.Shared.NextInt64(1, uint.MaxValue),
            initialSequenceNumber: (ushort)Random.Shared.Next(ushort.MaxValue + 1),
            maxPacketSize: settings.MaxRtpPacketSize);
        // RFC 3550 5.1: the initial RTP timestamp is random so streams cannot be correlated.
        _rtpTimestampOffset = (uint)Random.Shared.NextInt64(0, uint.MaxValue + 1L);

        Receive<MediaSession.IngestVideo>(Ingest);
        Receive<MediaSession.Describe>(Describe);
        Receive<DescribeTimedOut>(OnDescribeTimedOut);
        Receive<MediaSession.Subscribe>(Subscribe);
        Receive<SenderReportDue>(_ => SendSenderReports());
        Receive<MediaSession.FrameHandled>(_ => OnFrameHandled(Sender));
        Receive<Terminated>(t => _subscribers.Remove(t.ActorRef));
        Receive<MediaSession.GetStats>(_ => Sender.Tell(new MediaSession.Stats(
            _accessUnitCount, _keyframeCount, _packetCount, _subscribers.Count, _subscriberSkips, _ingestDrops)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(nameof(SenderReportDue), SenderReportDue.Instance, _settings.RtcpInterval);

    public static Props Props(string name, VideoType videoType, RtspServerSettings settings, IngestGate gate) =>
        Akka.Actor.Props.Create(() => new MediaSessionActor(name, videoType, settings, gate));

    private void Ingest(MediaSession.IngestVideo chunk)
    {
        _gate.Leave(chunk.AnnexB.Length);
        if (chunk.AfterDrop)
        {
            // Whatever the dropped chunk belonged to can no longer be decoded.
            _resynchronising = true;
            _ingestDrops++;
        }

        _accessUnits.Clear();
        _assembler.Push(chunk.AnnexB, _accessUnits);
        foreach (var accessUnit in _accessUnits)
            Publish(accessUnit, chunk);

        if (_describeWaiters.Count > 0 && _assembler.HasParameterSets)
            AnswerDescribeWaiters();
    }

    private void Publish(AccessUnit accessUnit, MediaSession.IngestVideo chunk)
    {
        if (_resynchronising)
        {
            if (!accessUnit.IsKeyframe)
                return;
            _resynchronising = false;
        }

        // Further slices of a picture keep the picture's timestamp (RFC 6184 5.1).
        if (accessUnit.StartsNewPicture || !_hasPicture)
        {
            _lastPresentationMicros = _clock.Next(chunk.CallerTimestamp, chunk.ArrivalMicros);
            _lastArrivalMicros = chunk.ArrivalMicros;
            _lastRtpTimestamp = RtpClock.ToRtpTimestamp(_lastPresentationMicros, VideoClockRate, _rtpTimestampOffset);
            _hasPicture = true;
        }

        var packets = _packetizer.Packetize(accessUnit, _lastRtpTimestamp);
        _accessUnitCount++;
        _packetCount += packets.Count;
        _payloadOctets += packets.TotalBytes - packets.Count * RtpHeader.Size;
        if (packets.IsKeyframe)
            _keyframeCount++;
        FanOut(new MediaSession.FrameAvailable(VideoTrackId, packets));
    }

    private void FanOut(MediaSession.FrameAvailable frame)
    {
        foreach (var (subscriber, state) in _subscribers)
        {
            // A subscriber can only start decoding, or resume after a skip, at a keyframe.
            if (state.WaitingForKeyframe && !frame.Packets.IsKeyframe)
            {
                if (state.Started)
                    _subscriberSkips++;
                continue;
            }
            if (state.FramesInFlight >= _settings.ClientFramesInFlight)
            {
                state.WaitingForKeyframe = true;
                _subscriberSkips++;
                continue;
            }

            state.WaitingForKeyframe = false;
            state.Started = true;
            state.FramesInFlight++;
            subscriber.Tell(frame);
        }
    }

    private void OnFrameHandled(IActorRef subscriber)
    {
        if (_subscribers.TryGetValue(subscriber, out var state) && state.FramesInFlight > 0)
            state.FramesInFlight--;
    }

    private void Subscribe(MediaSession.Subscribe request)
    {
        if (!_subscribers.ContainsKey(request.Sender))
        {
            _subscribers.Add(request.Sender, new Subscriber(request.Reports));
            Context.Watch(request.Sender);
        }

        Sender.Tell(new MediaSession.Subscribed(request.TrackId, _packetizer.NextSequenceNumber, StartRtpTime()));
        // Players use the first sender report to place the stream on the wall clock at once.
        if (_hasPicture)
            request.Reports.Tell(new MediaSession.SenderReport(request.Sender, VideoTrackId, CurrentSenderReport(), _cname));
    }

    private void SendSenderReports()
    {
        if (!_hasPicture || _subscribers.Count == 0)
            return;
        var report = CurrentSenderReport();
        foreach (var (subscriber, state) in _subscribers)
            state.Reports.Tell(new MediaSession.SenderReport(subscriber, VideoTrackId, report, _cname));
    }

    /// <summary>
    /// RFC 3550 6.4.1: the wall-clock time of now and the RTP timestamp a packet sampled now would
    /// carry, on the same presentation clock that stamps the pictures, plus the sender's counts.
    /// </summary>
    private RtcpSenderReport CurrentSenderReport()
    {
        var wallClock = DateTime.UtcNow;
        var presentationNow = _lastPresentationMicros + (MonotonicClock.NowMicros - _lastArrivalMicros);
        return new RtcpSenderReport(
            _packetizer.Ssrc,
            NtpTimestamp.FromDateTime(wallClock),
            RtpClock.ToRtpTimestamp(presentationNow, VideoClockRate, _rtpTimestampOffset),
            PacketCount: unchecked((uint)_packetCount),
            OctetCount: unchecked((uint)_payloadOctets));
    }

    /// <summary>
    /// The RTP time for RTP-Info: that of the last picture sent. Every packet the new subscriber
    /// receives is stamped at or after it, so players never see a first packet that precedes the
    /// announced start (FFmpeg would clamp such timestamps to the same value).
    /// </summary>
    private uint StartRtpTime() => _hasPicture ? _lastRtpTimestamp : _rtpTimestampOffset;

    private void Describe(MediaSession.Describe request)
    {
        if (!request.WaitForParameterSets || _assembler.HasParameterSets)
        {
            Sender.Tell(Describe());
            return;
        }

        var waiterId = _nextWaiterId++;
        _describeWaiters.Add(waiterId, Sender);
        Timers.StartSingleTimer(waiterId, new DescribeTimedOut(waiterId), _settings.DescribeWait);
    }

    private void AnswerDescribeWaiters()
    {
        var description = Describe();
        foreach (var (waiterId, waiter) in _describeWaiters)
        {
            Timers.Cancel(waiterId);
            waiter.Tell(description);
        }
        _describeWaiters.Clear();
    }

    private void OnDescribeTimedOut(DescribeTimedOut timeout)
    {
        if (!_describeWaiters.Remove(timeout.WaiterId, out var waiter))
            return;
        _log.Warning("Session {0}: DESCRIBE answered 503, the encoder produced no SPS/PPS within {1}", _name, _settings.DescribeWait);
        waiter.Tell(new MediaSession.Unavailable(
            $"session '{_name}' has not received SPS/PPS from its encoder within {_settings.DescribeWait.TotalSeconds:0.#} s"));
    }

    private MediaSession.Described Describe()
    {
        var formatParameters = _assembler.FormatParameters();
        var extra = _assembler is { Width: { } width, Height: { } height }
            ? new[] { $"framesize:{VideoCodecs.PayloadType} {width}-{height}" }
            : Array.Empty<string>();
        var media = new SdpMedia("video", VideoCodecs.PayloadType, $"{_assembler.EncodingName}/{VideoClockRate}",
            formatParameters.Length == 0 ? null : formatParameters, $"trackID={VideoTrackId}", extra);
        return new MediaSession.Described(_name, Self, new[]
        {
            new MediaSession.TrackDescription(VideoTrackId, media, _packetizer.Ssrc, VideoClockRate),
        });
    }

    private sealed record DescribeTimedOut(long WaiterId);

    private sealed class SenderReportDue
    {
        public static readonly SenderReportDue Instance = new();
    }

    private sealed class Subscriber(IActorRef reports)
    {
        public IActorRef Reports { get; } = reports;

        public int FramesInFlight;
        public bool WaitingForKeyframe = true;

        /// <summary>Received its first keyframe: frames it misses from now on are skips, not its join wait.</summary>
        public bool Started;
    }
}
