using Akka.Actor;
using Akka.Event;
using MediaActors.Flow;
using MediaActors.Hardware.Files;

namespace MediaActors.Pipeline;

/// <summary>
/// Plays an Annex-B file in a loop at a fixed frame rate as a camera's source: a stand-in for
/// sensor and encoder that produces encoded pictures directly. Like the sensor it cannot wait:
/// it sends a picture only while its camera has granted credit, and otherwise drops it and every
/// picture up to the next keyframe (counted), since the pictures in between depend on it.
/// </summary>
public sealed class FileSourceActor : ReceiveActor
{
    private readonly Func<AnnexBFileReader> _open;
    private readonly double _framesPerSecond;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private AnnexBFileReader? _reader;
    private readonly IActorRef _camera = Context.Parent;
    private readonly FrameGate _gate;
    private PacedTicks? _ticks;
    private long _sequence;

    /// <param name="credit">Frames this source may have on their way to its camera (the parent), which
    /// grants one more per frame it has passed on. A restarted instance starts with full credit again.</param>
    public FileSourceActor(Func<AnnexBFileReader> open, double framesPerSecond, int credit)
    {
        _open = open;
        _framesPerSecond = framesPerSecond;
        _gate = FrameGate.WithCredit(credit);
        Receive<FrameTick>(PlayNext);
        Receive<FrameFlow.Request>(request => _gate.Grant(request.Count));
        Receive<Camera.GetStats>(_ => Sender.Tell(new Camera.SensorStats(_gate.Sent, _gate.Dropped, _gate.Credit)));
    }

    public static Props Props(Func<AnnexBFileReader> open, double framesPerSecond, int credit) =>
        Akka.Actor.Props.Create(() => new FileSourceActor(open, framesPerSecond, credit));

    protected override void PreStart()
    {
        _reader = _open();
        _ticks = new PacedTicks(_framesPerSecond, Self);
    }

    protected override void PostStop()
    {
        _ticks?.Dispose();
        _reader?.Dispose();
        _log.Info("File source stopped: {0} pictures sent, {1} dropped for lack of credit", _gate.Sent, _gate.Dropped);
    }

    /// <summary>Sends the next picture, stamped with the tick's due time (a skipped tick just delays the file).</summary>
    private void PlayNext(FrameTick tick)
    {
        _ticks!.Received();
        var picture = _reader!.ReadNext();
        var sequence = _sequence++;
        if (!_gate.TryPass(picture.IsKeyframe))
        {
            return;
        }

        _camera.Tell(EncodedFrame.FromAnnexB(_reader.Codec, picture.AnnexB, tick.DueMicros, sequence));
    }
}
