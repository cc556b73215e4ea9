using System.Buffers;
using Akka.Actor;
using Akka.Event;
using MediaActors.Hardware;

namespace MediaActors.Pipeline;

/// <summary>
/// Paces an <see cref="ISensor"/> at its frame rate and sends each image to the attached encoder
/// while there is credit (granted by the encoder's Attach and, per frame passed on, by the camera). A camera cannot wait for a slow encoder: without credit the
/// frame is dropped and counted, so nothing queues between the two.
/// </summary>
public sealed class SensorActor : ReceiveActor
{
    private readonly ISensor _sensor;
    private IActorRef _encoder = ActorRefs.Nobody;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private PacedTicks? _ticks;
    private int _credit;
    private long _frameIndex;
    private long _captured, _dropped;

    public SensorActor(ISensor sensor)
    {
        _sensor = sensor;
        Receive<Tick>(_ => Capture());
        Receive<Camera.Attach>(attach =>
        {
            _encoder = Sender;
            _credit = attach.Credit;
        });
        Receive<Camera.RequestFrames>(request => _credit += request.Count);
        Receive<Camera.GetStats>(_ => Sender.Tell(new Camera.SensorStats(_captured, _dropped, _credit)));
    }

    public static Props Props(ISensor sensor) =>
        Akka.Actor.Props.Create(() => new SensorActor(sensor));

    protected override void PreStart()
    {
        _sensor.Start();
        _ticks = new PacedTicks(_sensor.Format.FramesPerSecond, Self, Tick.Instance);
    }

    protected override void PostStop()
    {
        _ticks?.Dispose();
        _sensor.Stop();
        _log.Info("Sensor stopped: {0} frames captured, {1} dropped for lack of encoder credit", _captured, _dropped);
    }

    private void Capture()
    {
        _ticks!.Received();
        var index = _frameIndex++;
        if (_credit == 0)
        {
            _dropped++;
            return;
        }

        var size = _sensor.Format.FrameSizeBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var captureTime = MonotonicClock.NowMicros;
        _sensor.Capture(buffer.AsSpan(0, size), index);
        _credit--;
        _captured++;
        _encoder.Tell(new Camera.RawFrame(buffer, size, index, captureTime));
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
