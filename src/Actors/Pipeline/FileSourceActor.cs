using Akka.Actor;
using Akka.Event;
using MediaActors.Hardware;
using MediaActors.Hardware.Files;
using MediaActors.Protocol.Codecs;

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
    private readonly List<NalUnitRange> _nalUnits = new();
    private AnnexBFileReader? _reader;
    private IActorRef _camera = ActorRefs.Nobody;
    private int _credit;
    private PacedTicks? _ticks;
    private bool _waitingForKeyframe = true;
    private long _sequence, _sent, _dropped;

    public FileSourceActor(Func<AnnexBFileReader> open, double framesPerSecond)
    {
        _open = open;
        _framesPerSecond = framesPerSecond;
        Receive<FrameTick>(PlayNext);
        Receive<Camera.Attach>(attach =>
        {
            _camera = Sender;
            _credit = attach.Credit;
        });
        Receive<Camera.RequestFrames>(request => _credit += request.Count);
        Receive<Camera.GetStats>(_ => Sender.Tell(new Camera.SensorStats(_sent, _dropped, _credit)));
    }

    public static Props Props(Func<AnnexBFileReader> open, double framesPerSecond) =>
        Akka.Actor.Props.Create(() => new FileSourceActor(open, framesPerSecond));

    protected override void PreStart()
    {
        _reader = _open();
        _ticks = new PacedTicks(_framesPerSecond, Self);
    }

    protected override void PostStop()
    {
        _ticks?.Dispose();
        _reader?.Dispose();
        _log.Info("File source stopped: {0} pictures sent, {1} dropped for lack of credit", _sent, _dropped);
    }

    /// <summary>Sends the next picture, stamped with the tick's due time (a skipped tick just delays the file).</summary>
    private void PlayNext(FrameTick tick)
    {
        _ticks!.Received();
        var picture = _reader!.ReadNext();
        var sequence = _sequence++;
        if (_credit == 0 || (_waitingForKeyframe && !picture.IsKeyframe))
        {
            _waitingForKeyframe |= _credit == 0;
            _dropped++;
            return;
        }

        _credit--;
        _waitingForKeyframe = false;
        _sent++;
        _nalUnits.Clear();
        AnnexB.Split(picture.AnnexB.Span, _nalUnits);
        _camera.Tell(new EncodedFrame(_reader.Codec, picture.AnnexB, AnnexB.PacksOf(_nalUnits, picture.AnnexB.Length),
            picture.IsKeyframe, tick.DueMicros, sequence));
    }
}
