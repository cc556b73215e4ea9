using Akka.Actor;
using Akka.Event;
using MediaActors.Flow;
using MediaActors.Muxing;
using MediaActors.Operations;
using MediaActors.Pipeline;
using MediaActors.Protocol.Mp4;
using MediaActors.Sessions;

namespace MediaActors.Web;

/// <summary>
/// The fMP4 stream of one session for web viewers, muxed once for all of them: it reads the
/// session's frames (<see cref="MediaSession.ReadFrames"/>), turns each into one fragment, and hands
/// the fragments to its viewers through their own gates, so one that falls behind skips to the next
/// keyframe while the others go on. It keeps the fragments of the current GOP, so a viewer that joins
/// gets a picture at once, and it stops reading once it has had no viewer for the linger.
/// </summary>
public sealed class LiveMp4Actor : ReceiveActor, IWithTimers
{
    private const string LingerTimer = "linger";
    private readonly string _streamPath;
    private readonly IActorRef _registry;
    private readonly WebSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly FanOut<FlowConsumer> _viewers = new();
    private readonly List<LiveMp4.Fragment> _gop = new();
    private readonly List<TimedSample> _samples = new();
    private readonly Mp4Sample[] _oneSample = new Mp4Sample[1];
    private IActorRef? _session;
    private Mp4SampleStream? _stream;
    private LiveMp4.Init? _init;
    private long _gopBytes;
    private bool _gopOverflowed;
    private uint _sequence;
    private bool _idle;

    public LiveMp4Actor(string streamPath, IActorRef registry, WebSettings settings)
    {
        _streamPath = streamPath;
        _registry = registry;
        _settings = settings;
        Receive<LiveMp4.Watch>(Watch);
        Receive<FrameFlow.Request>(request => _viewers.Grant(Sender, request.Count));
        Receive<FrameFlow.Detach>(_ => RemoveViewer(Sender));
        Receive<MediaSession.FrameFormat>(OnFormat);
        Receive<EncodedFrame>(OnFrame);
        Receive<SessionRegistry.SessionNotFound>(_ => End($"there is no session '{_streamPath}'"));
        Receive<FrameFlow.Ended>(ended => End(ended.Reason));
        Receive<LingerElapsed>(_ => StopUnlessWatched());
        Receive<Terminated>(OnTerminated);
        // Each viewer knows its own socket's counters.
        Receive<Readers.Describe>(_ => Sender.Tell(new Readers.Described([], ViewerActors())));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string streamPath, IActorRef registry, WebSettings settings) =>
        Akka.Actor.Props.Create(() => new LiveMp4Actor(streamPath, registry, settings));

    protected override void PreStart() =>
        _registry.Tell(new SessionRegistry.ForwardToSession(_streamPath, new MediaSession.ReadFrames(_settings.ClientFragmentsInFlight)));

    protected override void PostStop()
    {
        _session?.Tell(FrameFlow.Detach.Instance);
        _viewers.End($"the stream of '{_streamPath}' stopped", Self);
    }

    private void Watch(LiveMp4.Watch watch)
    {
        if (_idle)
        {
            // Forwarded before the parent forgot this muxer: the parent starts a new one for it.
            Context.Parent.Forward(new WebStreams.WatchLive(_streamPath, watch.Credit));
            return;
        }

        if (!_viewers.Attach(Sender, watch.Credit, static (viewer, gate) => new FlowConsumer(viewer, gate)))
        {
            return;
        }

        Context.Watch(Sender);
        Timers.Cancel(LingerTimer);
        if (_init is not null && _viewers.TryGet(Sender, out var viewer))
        {
            Start(viewer);
        }
    }

    private List<IActorRef> ViewerActors()
    {
        var actors = new List<IActorRef>(_viewers.Count);
        foreach (var viewer in _viewers)
        {
            actors.Add(viewer.Actor);
        }

        return actors;
    }

    /// <summary>A viewer's stream starts with the init segment and the cached GOP, through its gate.</summary>
    private void Start(FlowConsumer viewer)
    {
        viewer.Actor.Tell(_init);
        foreach (var fragment in _gop)
        {
            Offer(viewer, fragment);
        }
    }

    private void OnFormat(MediaSession.FrameFormat format)
    {
        if (_session is null)
        {
            _session = Sender;
            Context.Watch(_session);
        }

        try
        {
            _stream = new Mp4SampleStream(format);
        }
        catch (ArgumentException error)
        {
            End($"the stream of '{_streamPath}' cannot be muxed: {error.Message}");
            return;
        }

        var (width, height) = _stream.PictureSize;
        _init = new LiveMp4.Init(_stream.MimeType, _stream.InitSegment, width, height);
        ClearGop();
        _log.Info("Web stream {0}: {1}", _streamPath, _stream.MimeType);
        foreach (var viewer in _viewers)
        {
            Start(viewer);
        }
    }

    private void OnFrame(EncodedFrame frame)
    {
        Sender.Tell(new FrameFlow.Request(1));
        if (_stream is null)
        {
            return;
        }

        _samples.Clear();
        _stream.Push(frame, _samples);
        foreach (var sample in _samples)
        {
            Publish(Fragment(sample));
        }
    }

    private LiveMp4.Fragment Fragment(TimedSample sample)
    {
        _oneSample[0] = sample.Sample;
        var data = Mp4Fragment.Create(++_sequence, [new Mp4TrackRun(sample.TrackId, sample.DecodeTime, _oneSample)]);
        return new LiveMp4.Fragment(data, sample.IsVideo, sample.IsKeyframe);
    }

    private void Publish(LiveMp4.Fragment fragment)
    {
        Cache(fragment);
        foreach (var viewer in _viewers)
        {
            Offer(viewer, fragment);
        }
    }

    private static void Offer(FlowConsumer viewer, LiveMp4.Fragment fragment)
    {
        var passes = fragment.IsVideo ? viewer.Gate.TryPass(fragment.IsKeyframe) : viewer.Gate.TryPassIndependent();
        if (passes)
        {
            viewer.Actor.Tell(fragment);
        }
    }

    /// <summary>Keeps the current GOP's fragments (from its keyframe on) within the cache bound; a GOP past the bound is not kept.</summary>
    private void Cache(LiveMp4.Fragment fragment)
    {
        if (fragment.IsKeyframe)
        {
            ClearGop();
        }
        else if (_gopOverflowed || _gop.Count == 0)
        {
            return;
        }

        if (_gopBytes + fragment.Data.Length > _settings.CacheMaxBytes)
        {
            ClearGop();
            _gopOverflowed = true;
            return;
        }

        _gop.Add(fragment);
        _gopBytes += fragment.Data.Length;
    }

    private void ClearGop()
    {
        _gop.Clear();
        _gopBytes = 0;
        _gopOverflowed = false;
    }

    private void RemoveViewer(IActorRef viewer)
    {
        if (_viewers.Remove(viewer) is null)
        {
            return;
        }

        Context.Unwatch(viewer);
        if (_viewers.Count == 0)
        {
            Timers.StartSingleTimer(LingerTimer, LingerElapsed.Instance, _settings.Linger);
        }
    }

    /// <summary>
    /// No viewer for the linger: the parent is told, forgets this muxer and stops it after whatever
    /// it forwarded meanwhile (such a viewer is sent back to the parent, see <see cref="Watch"/>).
    /// </summary>
    private void StopUnlessWatched()
    {
        if (_viewers.Count == 0 && !_idle)
        {
            _idle = true;
            Context.Parent.Tell(WebStreams.Idle.Instance);
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_session))
        {
            _session = null;
            End($"session '{_streamPath}' ended");
            return;
        }

        RemoveViewer(terminated.ActorRef);
    }

    /// <summary>The stream is over: every viewer is told why (<see cref="FrameFlow.Ended"/>), and the muxer stops.</summary>
    private void End(string reason)
    {
        _viewers.End(reason, Self);
        Context.Stop(Self);
    }

    private sealed class LingerElapsed
    {
        public static readonly LingerElapsed Instance = new();
    }
}
