using Akka.Actor;
using Akka.Event;
using MediaActors.Flow;
using MediaActors.Muxing;
using MediaActors.Operations;
using MediaActors.Pipeline;
using MediaActors.Sessions;

namespace MediaActors.Web;

/// <summary>
/// A session's HLS: it reads the session's frames (<see cref="MediaSession.ReadFrames"/>, starting
/// with the GOP cache, so the first segment is complete at the next keyframe), cuts them into fMP4
/// segments and parts (<see cref="HlsSegmenter"/>) and answers the files players ask for
/// (<see cref="Hls"/>). A request for what is not made yet waits, bounded in count and time: a
/// blocking playlist reload until its part or segment is there, the hinted part until it is cut.
/// It goes on while players ask, and asks its parent to stop it once nobody asked for the linger.
/// </summary>
public sealed class HlsActor : ReceiveActor, IWithTimers
{
    private const string LingerTimer = "linger";

    /// <summary>How long a request waits for the first segment (or the init segment) of a stream that has none yet.</summary>
    private static readonly TimeSpan FirstSegmentWait = TimeSpan.FromSeconds(6);

    /// <summary>A blocking request waits three target durations, and never longer than this.</summary>
    private static readonly TimeSpan MaxBlock = TimeSpan.FromSeconds(30);

    private readonly string _streamPath;
    private readonly IActorRef _registry;
    private readonly WebSettings _settings;
    private readonly HlsSettings _hls;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HlsSegmenter _segmenter;
    private readonly List<TimedSample> _samples = new();
    private readonly List<Waiter> _waiting = new();
    private IActorRef? _session;
    private Mp4SampleStream? _stream;
    private string? _failure;
    private string? _playlist;
    private long _waiters;
    private readonly string _readerId = ReaderIds.New("hls");
    private readonly DateTimeOffset _since = DateTimeOffset.UtcNow;
    private long _answers, _bytesAnswered;

    public HlsActor(string streamPath, IActorRef registry, WebSettings settings)
    {
        _streamPath = streamPath;
        _registry = registry;
        _settings = settings;
        _hls = settings.Hls;
        _segmenter = new HlsSegmenter(_hls, DateTimeOffset.UtcNow - TimeSpan.FromMicroseconds(MonotonicClock.NowMicros));
        Receive<Hls.GetPlaylist>(Request);
        Receive<Hls.GetInit>(Request);
        Receive<Hls.GetSegment>(Request);
        Receive<Hls.GetPart>(Request);
        Receive<MediaSession.FrameFormat>(OnFormat);
        Receive<EncodedFrame>(OnFrame);
        Receive<SessionRegistry.SessionNotFound>(_ => End(404, $"There is no session '{_streamPath}'."));
        Receive<FrameFlow.Ended>(ended => End(503, ended.Reason));
        Receive<Terminated>(terminated =>
        {
            if (terminated.ActorRef.Equals(_session))
            {
                _session = null;
                End(503, $"Session '{_streamPath}' ended.");
            }
        });
        Receive<WaitElapsed>(OnWaitElapsed);
        Receive<LingerElapsed>(_ => OnLinger());
        // One reader for all the session's HLS players: they share this output and name no connection.
        Receive<Readers.Describe>(_ => Sender.Tell(Readers.Described.Of(new ReaderStatus(
            _readerId, ReaderKind.Hls, $"{_waiting.Count} requests waiting", _since, _bytesAnswered, _answers, 0, 0)
        { Kickable = false })));
        Receive<Readers.Kick>(kick => Sender.Tell(new Readers.Kicked(kick.ReaderId, Found: false)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string streamPath, IActorRef registry, WebSettings settings) =>
        Akka.Actor.Props.Create(() => new HlsActor(streamPath, registry, settings));

    protected override void PreStart()
    {
        _registry.Tell(new SessionRegistry.ForwardToSession(_streamPath, new MediaSession.ReadFrames(_settings.ClientFragmentsInFlight)));
        Timers.StartSingleTimer(LingerTimer, LingerElapsed.Instance, _hls.Linger);
    }

    protected override void PostStop()
    {
        _session?.Tell(FrameFlow.Detach.Instance);
        RefuseWaiting(503, $"The HLS stream of '{_streamPath}' stopped.");
    }

    private void Request(object request)
    {
        Timers.StartSingleTimer(LingerTimer, LingerElapsed.Instance, _hls.Linger);
        if (_failure is not null)
        {
            Sender.Tell(new Hls.Refused(503, _failure));
            return;
        }

        if (Answer(request) is { } answer)
        {
            Reply(Sender, answer);
            return;
        }

        if (_waiting.Count >= _hls.MaxWaitingRequests)
        {
            Sender.Tell(new Hls.Refused(503, $"{_waiting.Count} requests are already waiting for the HLS stream of '{_streamPath}'."));
            return;
        }

        var waiter = new Waiter(++_waiters, request, Sender);
        _waiting.Add(waiter);
        Timers.StartSingleTimer(waiter.Id, new WaitElapsed(waiter.Id), WaitLimit(request));
    }

    /// <summary>Sends an answer and counts it (the HLS output's reader status shows answers and bytes).</summary>
    private void Reply(IActorRef requester, object answer)
    {
        _answers++;
        _bytesAnswered += answer switch
        {
            Hls.Content content => content.Pieces.Sum(piece => (long)piece.Length),
            Hls.Playlist playlist => playlist.Text.Length,
            _ => 0,
        };
        requester.Tell(answer);
    }

    /// <summary>The answer to <paramref name="request"/> now, or null when it is to wait for what it asks.</summary>
    private object? Answer(object request) => request switch
    {
        Hls.GetPlaylist { Msn: null } => _segmenter.Segments.Count > 0 ? Playlist() : null,
        Hls.GetPlaylist { Msn: { } msn, Part: var part } => BlockingPlaylist(msn, part),
        Hls.GetInit init => _segmenter.TryGetInit(init.Version, out var data) ? new Hls.Content([data])
            : init.Version == 0 && _segmenter.InitVersion < 0 ? null
            : NotFound(HlsNames.Init(init.Version)),
        Hls.GetSegment segment => _segmenter.Segment(segment.Msn) is { } complete ? new Hls.Content(complete.Pieces())
            : segment.Msn == _segmenter.NextPart.Msn ? null
            : NotFound(HlsNames.Segment(segment.Msn)),
        Hls.GetPart part => _segmenter.Part(new HlsPosition(part.Msn, part.Index)) is { } cut ? new Hls.Content([cut.Data])
            : new HlsPosition(part.Msn, part.Index) == _segmenter.NextPart ? null
            : NotFound(HlsNames.Part(part.Msn, part.Index)),
        _ => new Hls.Refused(400, $"{request.GetType().Name} is no HLS request."),
    };

    /// <summary>
    /// <c>_HLS_msn</c> (and <c>_HLS_part</c>): answered once the playlist holds that segment (or that
    /// part of it) or a later one; one asking for more than two segments past the last complete one,
    /// or for parts too far past the last cut, is a bad request (RFC 8216bis 6.2.5.2).
    /// </summary>
    private object? BlockingPlaylist(long msn, int? part)
    {
        var last = _segmenter.LastCompleteMsn;
        if (msn > last + 2)
        {
            return new Hls.Refused(400, $"_HLS_msn={msn} is more than two segments past the last one ({last}).");
        }

        bool ready;
        if (part is { } index)
        {
            var next = _segmenter.NextPart;
            if (msn == next.Msn && index > next.Index - 1 + AdvancePartLimit)
            {
                return new Hls.Refused(400, $"_HLS_part={index} is more than {AdvancePartLimit} parts past the last one of segment {msn}.");
            }

            ready = new HlsPosition(msn, index) < next;
        }
        else
        {
            ready = msn <= last;
        }

        return ready && _segmenter.Segments.Count > 0 ? Playlist() : null;
    }

    /// <summary>How many parts past the last a blocking request may ask for: three part targets' worth when they are under a second, else three.</summary>
    private int AdvancePartLimit =>
        _hls.PartDuration < TimeSpan.FromSeconds(1) ? (int)Math.Ceiling(3 / _hls.PartDuration.TotalSeconds) : 3;

    private TimeSpan WaitLimit(object request)
    {
        if (request is Hls.GetInit || _segmenter.LastCompleteMsn < 0)
        {
            return FirstSegmentWait;
        }

        var threeTargets = TimeSpan.FromSeconds(3 * _segmenter.TargetDuration);
        return threeTargets < MaxBlock ? threeTargets : MaxBlock;
    }

    private Hls.Playlist Playlist() =>
        new(_playlist ??= HlsPlaylist.Write(_segmenter.Segments, _segmenter.Open, _segmenter.NextPart, _segmenter.TargetDuration, _hls.PartDuration,
            _segmenter.DiscontinuitySequence));

    private Hls.Refused NotFound(string name) => new(404, $"The HLS stream of '{_streamPath}' has no {name} (now).");

    private void OnFormat(MediaSession.FrameFormat format)
    {
        if (_session is null)
        {
            _session = Sender;
            Context.Watch(_session);
        }

        if (_failure is not null)
        {
            return;
        }

        if (_stream is not null)
        {
            // The stream restarts with a new format: the picture held back for its duration ends the segment before.
            _samples.Clear();
            _stream.Flush(_samples);
            Add(_samples);
        }

        try
        {
            _stream = new Mp4SampleStream(format);
        }
        catch (ArgumentException error)
        {
            Fail($"The stream of '{_streamPath}' cannot be muxed: {error.Message}");
            return;
        }

        var audioTimescale = _stream.HasAudio ? _stream.Tracks[1].Timescale : 48_000u;
        _segmenter.Restart(_stream.InitSegment, _stream.Tracks[0].Timescale, audioTimescale);
        _log.Info("HLS {0}: {1}", _streamPath, _stream.MimeType);
        Changed();
    }

    private void OnFrame(EncodedFrame frame)
    {
        Sender.Tell(new FrameFlow.Request(1));
        if (_stream is null || _failure is not null)
        {
            return;
        }

        _samples.Clear();
        _stream.Push(frame, _samples);
        var changed = Add(_samples);
        if (frame.Codec == _stream.Video && frame.IsKeyframe)
        {
            changed |= _segmenter.KeyframeNext();
        }

        if (_segmenter.Failure is { } failure)
        {
            Fail($"The HLS stream of '{_streamPath}' stopped: {failure}.");
        }
        else if (changed)
        {
            Changed();
        }
    }

    private bool Add(List<TimedSample> samples)
    {
        var changed = false;
        foreach (var sample in samples)
        {
            changed |= _segmenter.Add(sample);
        }

        return changed;
    }

    /// <summary>A part or segment was cut (or the format came): the playlist is written anew, and whoever waited for it is answered.</summary>
    private void Changed()
    {
        _playlist = null;
        for (var i = 0; i < _waiting.Count;)
        {
            var waiter = _waiting[i];
            if (Answer(waiter.Request) is { } answer)
            {
                Reply(waiter.Requester, answer);
                Timers.Cancel(waiter.Id);
                _waiting.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
    }

    private void OnWaitElapsed(WaitElapsed elapsed)
    {
        var index = _waiting.FindIndex(waiter => waiter.Id == elapsed.Id);
        if (index < 0)
        {
            return;
        }

        var waiter = _waiting[index];
        _waiting.RemoveAt(index);
        waiter.Requester.Tell(new Hls.Refused(503, $"The HLS stream of '{_streamPath}' did not have what {waiter.Request} asks for in time."));
    }

    private void OnLinger()
    {
        if (_waiting.Count > 0)
        {
            Timers.StartSingleTimer(LingerTimer, LingerElapsed.Instance, _hls.Linger);
            return;
        }

        // The parent forgets this output, then stops it behind whatever it forwarded before: no request is lost.
        Context.Parent.Tell(WebStreams.Idle.Instance);
    }

    /// <summary>HLS of this session cannot go on: it stops reading, and every request is refused with the reason until the linger stops it.</summary>
    private void Fail(string reason)
    {
        _failure = reason;
        _log.Warning("{0}", reason);
        if (_session is not null)
        {
            _session.Tell(FrameFlow.Detach.Instance);
            Context.Unwatch(_session);
            _session = null;
        }

        _stream = null;
        RefuseWaiting(503, reason);
    }

    /// <summary>The session is gone: whoever waits is told, and HLS stops at once (a new request starts it anew).</summary>
    private void End(int status, string reason)
    {
        RefuseWaiting(status, reason);
        Context.Stop(Self);
    }

    private void RefuseWaiting(int status, string reason)
    {
        foreach (var waiter in _waiting)
        {
            waiter.Requester.Tell(new Hls.Refused(status, reason));
            Timers.Cancel(waiter.Id);
        }

        _waiting.Clear();
    }

    private sealed record Waiter(long Id, object Request, IActorRef Requester);

    private sealed record WaitElapsed(long Id);

    private sealed class LingerElapsed
    {
        public static readonly LingerElapsed Instance = new();
    }
}
