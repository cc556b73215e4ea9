using System.Buffers;
using Akka.Actor;
using Akka.Event;
using MediaActors.Flow;
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
    private readonly CreditWindow _credit = new();
    private long _nextFrameIndex;
    private long _captured, _dropped;

    public SensorActor(ISensor sensor)
    {
        _sensor = sensor;
        Receive<FrameTick>(Capture);
        Receive<FrameFlow.Attach>(attach =>
        {
            _encoder = Sender;
            _credit.Attach(attach.Credit);
        });
        Receive<FrameFlow.Request>(request => _credit.Grant(request.Count));
        Receive<Camera.GetStats>(_ => Sender.Tell(new Camera.SensorStats(_captured, _dropped, _credit.Credit)));
    }

    public static Props Props(ISensor sensor) =>
        Akka.Actor.Props.Create(() => new SensorActor(sensor));

    protected override void PreStart()
    {
        _sensor.Start();
        _ticks = new PacedTicks(_sensor.Format.FramesPerSecond, Self);
    }

    protected override void PostStop()
    {
        _ticks?.Dispose();
        _sensor.Stop();
        _log.Info("Sensor stopped: {0} frames captured, {1} dropped (no encoder credit, or the sensor actor was held up)", _captured, _dropped);
    }

    /// <summary>Captures the frame now due, stamped with its due time on the frame clock.</summary>
    private void Capture(FrameTick tick)
    {
        _ticks!.Received();
        // Frames whose ticks passed while this actor was busy are lost too (a tick of the pacer
        // before a restart may still arrive, with a higher index: not a loss).
        _dropped += Math.Max(0, tick.Index - _nextFrameIndex);
        _nextFrameIndex = tick.Index + 1;
        var index = tick.Index;
        if (!_credit.TryTake())
        {
            _dropped++;
            return;
        }

        var size = _sensor.Format.FrameSizeBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        _sensor.Capture(buffer.AsSpan(0, size), index);
        _captured++;
        _encoder.Tell(new Camera.RawFrame(buffer, size, index, tick.DueMicros));
    }
}
