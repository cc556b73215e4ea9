using Akka.Actor;
using Akka.Event;
using MediaActors.Flow;
using MediaActors.Muxing;
using MediaActors.Operations;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;
using MediaActors.Sessions;

namespace MediaActors.Recording;

/// <summary>
/// Records one session into fMP4 segments: it reads the session's frames like any other reader (it
/// starts with the GOP cache, so a segment begins at a keyframe), cuts a new segment at the first
/// keyframe after the segment duration, or where the timeline breaks (the source was away, the
/// encoder restarted), and writes a fragment at least every fragment interval. A recorder that
/// cannot write (disk full, no permission) says why once and stops; the session streams on.
/// </summary>
public sealed class RecorderActor : ReceiveActor, IWithTimers
{
    private const string FragmentTimer = "fragment";
    private const int Credit = 120;
    private static readonly TimeSpan AudioConfigWait = TimeSpan.FromSeconds(3);
    /// <summary>Audio further ahead of the last picture than this is recorded without waiting for pictures (the video stopped).</summary>
    private const long MaxAudioLeadMicros = 2_000_000;

    private readonly string _session;
    private readonly IActorRef _sessionActor;
    private readonly SessionRecording _recording;
    private readonly RecordingSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<TimedSample> _samples = new();
    private readonly Queue<TimedSample> _pendingAudio = new();
    private readonly string _directory;
    private Mp4SampleStream? _stream;
    private SegmentFile? _segment;
    private long _lastFragmentMicros;
    private uint _lastVideoDuration = 3000;
    private long _lastVideoMicros = long.MinValue;
    private bool _awaitingAudioConfig;
    private readonly string _readerId = ReaderIds.New("recorder");
    private readonly DateTimeOffset _since = DateTimeOffset.UtcNow;

    /// <summary>Frames taken from the session, and the bytes of the segments closed so far.</summary>
    private long _frames, _closedSegmentBytes;

    public RecorderActor(string session, IActorRef sessionActor, SessionRecording recording, RecordingSettings settings)
    {
        _session = session;
        _sessionActor = sessionActor;
        _recording = recording;
        _settings = settings;
        _directory = RecordingPaths.DirectoryOf(settings.Directory, session);
        Receive<MediaSession.FrameFormat>(OnFormat);
        Receive<EncodedFrame>(OnFrame);
        Receive<WriteDue>(_ => Write(() => WriteFragmentIfDue(force: true)));
        Receive<AudioConfigWaitElapsed>(_ =>
        {
            _awaitingAudioConfig = false;
            _log.Warning("Recording of {0}: its AAC sound has not started within {1}; recording pictures only until it does", _session, AudioConfigWait);
        });
        Receive<FrameFlow.Ended>(ended => Context.Stop(Self));
        Receive<Terminated>(_ => Context.Stop(Self));
        Receive<Readers.Describe>(_ => Sender.Tell(Readers.Described.Of(new ReaderStatus(
            _readerId, ReaderKind.Recorder, _segment?.Path ?? _directory, _since, _closedSegmentBytes + (_segment?.Bytes ?? 0), _frames, 0, 0)
        {
            Kickable = false,
        })));
        Receive<Readers.Kick>(kick => Sender.Tell(new Readers.Kicked(kick.ReaderId, Found: false)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string session, IActorRef sessionActor, SessionRecording recording, RecordingSettings settings) =>
        Akka.Actor.Props.Create(() => new RecorderActor(session, sessionActor, recording, settings));

    protected override void PreStart()
    {
        Context.Watch(_sessionActor);
        _sessionActor.Tell(new MediaSession.ReadFrames(Credit));
        Timers.StartPeriodicTimer(FragmentTimer, WriteDue.Instance, _settings.FragmentInterval);
    }

    protected override void PostStop()
    {
        _sessionActor.Tell(FrameFlow.Detach.Instance);
        Write(CloseSegment);
    }

    /// <summary>
    /// The session's format, and again when its AAC configuration became known (with the GOP
    /// again): a segment holds the tracks its init segment names, so a new one starts. A session
    /// with AAC whose sound has not started yet is not recorded until it has (the GOP that comes
    /// with the new format covers the wait), or for <see cref="AudioConfigWait"/>, after which it
    /// is recorded without sound until the sound starts.
    /// </summary>
    private void OnFormat(MediaSession.FrameFormat format)
    {
        Write(CloseSegment);
        try
        {
            _stream = new Mp4SampleStream(format);
        }
        catch (ArgumentException error)
        {
            Fail($"its stream cannot be muxed: {error.Message}");
            return;
        }

        _awaitingAudioConfig = format is { Audio: Codec.Aac, AacConfig: null };
        if (_awaitingAudioConfig)
        {
            Timers.StartSingleTimer(nameof(AudioConfigWaitElapsed), AudioConfigWaitElapsed.Instance, AudioConfigWait);
        }
        else
        {
            Timers.Cancel(nameof(AudioConfigWaitElapsed));
        }
    }

    private void OnFrame(EncodedFrame frame)
    {
        Sender.Tell(new FrameFlow.Request(1));
        _frames++;
        if (_stream is null || _awaitingAudioConfig)
        {
            return;
        }

        _samples.Clear();
        _stream.Push(frame, _samples);
        Write(() =>
        {
            foreach (var sample in _samples)
            {
                Record(sample);
            }

            WriteFragmentIfDue(force: false);
        });
    }

    /// <summary>
    /// Audio arrives ahead of the pictures it goes with (the video encoder takes its time), so it
    /// waits here until a picture at least as late has come: a segment cut at a keyframe then
    /// ends both tracks at the same instant. Audio more than <see cref="MaxAudioLeadMicros"/>
    /// ahead of the last picture (the video stopped) is recorded anyway.
    /// </summary>
    private void Record(TimedSample sample)
    {
        // A format told again comes with the GOP again: what was recorded already is not recorded twice.
        if (sample.PresentationMicros <= _lastVideoMicros && sample.IsVideo)
        {
            return;
        }

        if (!sample.IsVideo)
        {
            _pendingAudio.Enqueue(sample);
            // Audio from before the last picture, or too far ahead of it (the video stopped), is recorded now.
            while (_pendingAudio.TryPeek(out var audio)
                   && (audio.PresentationMicros < _lastVideoMicros || sample.PresentationMicros - audio.PresentationMicros > MaxAudioLeadMicros))
            {
                _segment?.Add(_pendingAudio.Dequeue());
            }

            return;
        }

        while (_pendingAudio.TryPeek(out var audio) && audio.PresentationMicros < sample.PresentationMicros)
        {
            _segment?.Add(_pendingAudio.Dequeue());
        }

        _lastVideoMicros = sample.PresentationMicros;
        RecordPicture(sample);
    }

    private void RecordPicture(TimedSample sample)
    {
        // The picture before a gap lasts until the picture after it; such a duration is the gap,
        // not the picture's: it gets an ordinary one, and the segment ends with it.
        var breakTicks = (long)(_settings.TimelineBreak.TotalSeconds * _stream!.Tracks[0].Timescale);
        var timelineBroke = sample.Sample.Duration > breakTicks;
        if (timelineBroke)
        {
            sample = sample with { Sample = sample.Sample with { Duration = _lastVideoDuration } };
        }

        _lastVideoDuration = sample.Sample.Duration;
        if (sample.IsKeyframe && (_segment is null || sample.PresentationMicros - _segment.StartMicros >= (long)_recording.SegmentDuration.TotalMicroseconds))
        {
            CloseSegment();
            OpenSegment(sample);
        }

        _segment?.Add(sample);
        if (timelineBroke)
        {
            _log.Info("Recording of {0}: its timeline broke (no media for more than {1}); the next keyframe starts a new segment", _session, _settings.TimelineBreak);
            CloseSegment();
        }
    }

    private void OpenSegment(TimedSample keyframe)
    {
        // The keyframe may be older than now (the GOP cache): the file is named for when it was shown.
        var startedAt = DateTimeOffset.UtcNow - TimeSpan.FromMicroseconds(Math.Max(0, MonotonicClock.NowMicros - keyframe.PresentationMicros));
        var path = Path.Combine(_directory, RecordingPaths.FileNameOf(startedAt));
        _segment = new SegmentFile(path, _stream!, keyframe);
        _lastFragmentMicros = keyframe.PresentationMicros;
        Context.Parent.Tell(new Recordings.SegmentChanged(_session, path));
        _log.Info("Recording {0} into {1}", _session, path);
    }

    private void CloseSegment()
    {
        if (_segment is null)
        {
            return;
        }

        var closed = _segment;
        _segment = null;
        _closedSegmentBytes += closed.Bytes;
        closed.Dispose();
        Context.Parent.Tell(new Recordings.SegmentChanged(_session, null));
    }

    private void WriteFragmentIfDue(bool force)
    {
        if (_segment is not { HasPending: true } segment)
        {
            return;
        }

        if (force || segment.LastMicros - _lastFragmentMicros >= (long)_settings.FragmentInterval.TotalMicroseconds)
        {
            segment.WriteFragment();
            _lastFragmentMicros = segment.LastMicros;
        }
    }

    /// <summary>Runs a step that writes to disk; one that fails stops the recording, with the reason.</summary>
    private void Write(Action step)
    {
        try
        {
            step();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            var broken = _segment;
            _segment = null;
            try
            {
                broken?.Dispose();
            }
            catch (Exception) when (error is IOException or UnauthorizedAccessException)
            {
                // The same trouble again while closing: the file keeps what was written before it.
            }

            Fail(error.Message);
        }
    }

    private void Fail(string reason)
    {
        _log.Error("Recording of {0} stopped: {1} (the session streams on)", _session, reason);
        Context.Parent.Tell(new Recordings.RecordingFailed(_session, reason));
        Context.Stop(Self);
    }

    private sealed class AudioConfigWaitElapsed
    {
        public static readonly AudioConfigWaitElapsed Instance = new();
    }

    private sealed class WriteDue
    {
        public static readonly WriteDue Instance = new();
    }
}
