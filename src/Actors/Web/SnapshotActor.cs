using Akka.Actor;
using MediaActors.Flow;
using MediaActors.Hardware.Ffmpeg;
using MediaActors.Operations;
using MediaActors.Pipeline;
using MediaActors.Protocol.Codecs;
using MediaActors.Sessions;

namespace MediaActors.Web;

/// <summary>
/// A session's snapshot: it reads the session's frames while someone asks for pictures (the GOP
/// cache gives it a keyframe at once), keeps the latest keyframe, and decodes it to JPEG with
/// ffmpeg on the first request after it changed; every request until the next keyframe gets that
/// picture. It stops once nobody asked for the linger.
/// </summary>
public sealed class SnapshotActor : ReceiveActor, IWithTimers
{
    private const string LingerTimer = "linger";
    private const int Credit = 16;
    private static readonly TimeSpan DecodeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan KeyframeWait = TimeSpan.FromSeconds(5);

    private readonly string _streamPath;
    private readonly IActorRef _registry;
    private readonly WebSettings _settings;
    private readonly List<IActorRef> _waiting = new();
    private IActorRef? _session;
    private MediaSession.FrameFormat? _format;
    private EncodedFrame? _keyframe;
    private long _keyframeMicrosAgo;
    private Snapshots.Picture? _picture;
    private EncodedFrame? _decoding;
    private bool _idle;

    public SnapshotActor(string streamPath, IActorRef registry, WebSettings settings)
    {
        _streamPath = streamPath;
        _registry = registry;
        _settings = settings;
        Receive<Snapshots.Get>(_ => Request());
        // It reads frames only to decode a picture now and then: nobody's reader to list.
        Receive<Readers.Describe>(_ => Sender.Tell(Readers.Described.Of()));
        Receive<MediaSession.FrameFormat>(format =>
        {
            _format = format;
            _session ??= Sender;
            Context.Watch(Sender);
        });
        Receive<EncodedFrame>(OnFrame);
        Receive<Decoded>(OnDecoded);
        Receive<KeyframeWaitElapsed>(_ => FailWaiting($"session '{_streamPath}' has produced no keyframe within {KeyframeWait.TotalSeconds:0} s"));
        Receive<SessionRegistry.SessionNotFound>(_ => End($"there is no session '{_streamPath}'"));
        Receive<FrameFlow.Ended>(ended => End(ended.Reason));
        Receive<Terminated>(_ => End($"session '{_streamPath}' ended"));
        Receive<LingerElapsed>(_ =>
        {
            // The parent forgets this snapshot and stops it after whatever it forwarded meanwhile.
            _idle = true;
            Context.Parent.Tell(WebStreams.Idle.Instance);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string streamPath, IActorRef registry, WebSettings settings) =>
        Akka.Actor.Props.Create(() => new SnapshotActor(streamPath, registry, settings));

    protected override void PreStart() =>
        _registry.Tell(new SessionRegistry.ForwardToSession(_streamPath, new MediaSession.ReadFrames(Credit)));

    protected override void PostStop()
    {
        _session?.Tell(FrameFlow.Detach.Instance);
        FailWaiting($"the snapshot of '{_streamPath}' stopped");
    }

    private void Request()
    {
        if (_idle)
        {
            // Forwarded before the parent forgot this snapshot: the parent starts a new one for it.
            Context.Parent.Forward(new WebStreams.Snapshot(_streamPath));
            return;
        }

        Timers.StartSingleTimer(LingerTimer, LingerElapsed.Instance, _settings.Linger);
        if (_picture is not null && _decoding is null)
        {
            Sender.Tell(_picture);
            return;
        }

        _waiting.Add(Sender);
        if (_keyframe is null)
        {
            Timers.StartSingleTimer(nameof(KeyframeWaitElapsed), KeyframeWaitElapsed.Instance, KeyframeWait);
        }

        DecodeIfWanted();
    }

    private void OnFrame(EncodedFrame frame)
    {
        Sender.Tell(new FrameFlow.Request(1));
        if (_format is null || frame.Codec != _format.Video || !frame.IsKeyframe)
        {
            return;
        }

        _keyframe = frame;
        _keyframeMicrosAgo = MonotonicClock.NowMicros - frame.CaptureTimeMicros;
        _picture = null;
        Timers.Cancel(nameof(KeyframeWaitElapsed));
        DecodeIfWanted();
    }

    private void DecodeIfWanted()
    {
        if (_waiting.Count == 0 || _keyframe is null || _decoding is not null || _format is null)
        {
            return;
        }

        _decoding = _keyframe;
        // The parameter sets go first: a keyframe from a camera need not carry them in-band.
        var annexB = AnnexB.Join(_format.ParameterSets, out _).Concat(_keyframe.Data.ToArray()).ToArray();
        var takenAt = DateTimeOffset.UtcNow - TimeSpan.FromMicroseconds(Math.Max(0, _keyframeMicrosAgo));
        var keyframe = _keyframe;
        JpegDecoder.DecodeAsync(_format.Video, annexB, DecodeTimeout).PipeTo(Self,
            success: jpeg => new Decoded(keyframe, new Snapshots.Picture(jpeg, takenAt), null),
            failure: error => new Decoded(keyframe, null, error.Message));
    }

    private void OnDecoded(Decoded decoded)
    {
        _decoding = null;
        object answer = decoded.Picture is { } picture ? picture : new Snapshots.Failed(decoded.Error!);
        if (ReferenceEquals(decoded.Keyframe, _keyframe))
        {
            _picture = decoded.Picture;
        }

        foreach (var requester in _waiting)
        {
            requester.Tell(answer);
        }

        _waiting.Clear();
    }

    private void FailWaiting(string reason)
    {
        foreach (var requester in _waiting)
        {
            requester.Tell(new Snapshots.Failed(reason));
        }

        _waiting.Clear();
    }

    private void End(string reason)
    {
        FailWaiting(reason);
        Context.Stop(Self);
    }

    private sealed record Decoded(EncodedFrame Keyframe, Snapshots.Picture? Picture, string? Error);

    private sealed class LingerElapsed
    {
        public static readonly LingerElapsed Instance = new();
    }

    private sealed class KeyframeWaitElapsed
    {
        public static readonly KeyframeWaitElapsed Instance = new();
    }
}
