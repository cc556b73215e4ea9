using Akka.Actor;
using Akka.Event;
using MediaActors.Flow;

namespace MediaActors.Pipeline;

/// <summary>
/// One camera: supervises the actors of its <see cref="CameraSource"/> (sensor and encoder) and
/// publishes the access units they produce to its consumers (media sessions, here or on another
/// node, and the GetStream reader). Each consumer grants its own credit; one without credit misses
/// frames up to the next keyframe (counted), so a slow consumer never holds up the camera or the
/// others. Consumers belong to this actor, not to the encoder, so they stay attached while a failing
/// encoder (its ffmpeg child died, say) is restarted with a fresh one; they resume at its first
/// keyframe. When it keeps failing, or cannot start at all, the camera tells its consumers why and stops.
/// </summary>
public sealed class CameraActor : FramePublisherActor
{
    private const int MaxRestarts = 5;
    private static readonly TimeSpan RestartWindow = TimeSpan.FromMinutes(1);

    private readonly CameraSource _source;
    private readonly int _credit;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _pacer = ActorRefs.Nobody;
    private readonly Queue<DateTime> _recentFailures = new();
    private Exception? _lastFailure;
    private long _frames, _keyframes;
    private int _restarts;

    public CameraActor(CameraSource source, int credit)
    {
        _source = source;
        _credit = credit;
        Receive<EncodedFrame>(OnFrame);
        Receive<Camera.GetStats>(_ => Sender.Tell(new Camera.CameraStats(_frames, _keyframes, _restarts, Consumers.Stats())));
    }

    public static Props Props(CameraSource source, int credit) =>
        Akka.Actor.Props.Create(() => new CameraActor(source, credit));

    protected override void PreStart()
    {
        _pacer = _source.Start(Context, _credit);
        foreach (var child in Context.GetChildren())
        {
            Context.Watch(child);
        }
    }

    protected override void PostStop() => EndStream("the camera was stopped");

    private void OnFrame(EncodedFrame frame)
    {
        _frames++;
        if (frame.IsKeyframe)
        {
            _keyframes++;
        }

        Publish(frame);
        // The frame has left the source: it may produce the next one.
        _pacer.Tell(new FrameFlow.Request(1));
    }

    /// <summary>A source actor stopped (consumers are the base's): the supervisor gave up on it.</summary>
    protected override void OnTerminated(Terminated terminated)
    {
        var reason = _lastFailure?.Message ?? "a source actor stopped";
        _log.Error("Camera stopped: {0}", reason);
        EndStream(reason);
        Context.Stop(Self);
    }

    /// <summary>Tells the consumers the stream is over (once: they are forgotten).</summary>
    private void EndStream(string reason) => Consumers.End(reason, Self);

    // All for one: the sensor learns where to send frames from the encoder's Attach, so whichever
    // of the two restarts, both start over together. The restart budget is counted here (rather
    // than by the strategy) so that the log says truthfully whether a failure is restarted.
    protected override SupervisorStrategy SupervisorStrategy() =>
        new AllForOneStrategy(error =>
        {
            _lastFailure = error is ActorInitializationException { InnerException: { } cause } ? cause : error;
            // A source that cannot even start (ffmpeg missing) will not start on a retry.
            if (error is ActorInitializationException)
            {
                return Directive.Stop;
            }

            var now = DateTime.UtcNow;
            while (_recentFailures.TryPeek(out var failure) && now - failure > RestartWindow)
            {
                _recentFailures.Dequeue();
            }

            _recentFailures.Enqueue(now);
            if (_recentFailures.Count > MaxRestarts)
            {
                _log.Error("Camera source failed ({0}) for the {1}th time within {2}; giving up", _lastFailure.Message, _recentFailures.Count, RestartWindow);
                return Directive.Stop;
            }
            _restarts++;
            Consumers.TellAll(new FrameFlow.Restarted(_restarts, _lastFailure.Message), Self);
            _log.Warning("Camera source failed ({0}); restarting it (restart {1}, at most {2} a minute)", _lastFailure.Message, _restarts, MaxRestarts);
            return Directive.Restart;
        });
}
