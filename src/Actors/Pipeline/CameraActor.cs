using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using MediaActors.Hardware;

namespace MediaActors.Pipeline;

/// <summary>
/// Supervises one camera: a <see cref="SensorActor"/> feeding an <see cref="EncoderActor"/>.
/// An encoder that fails (its ffmpeg child died, say) is restarted with a fresh encoder a few
/// times; when it keeps failing, or cannot start at all, the camera gives up and completes the
/// output stream with the cause, so that whoever reads it learns why the video ended.
/// </summary>
public sealed class CameraActor : ReceiveActor
{
    private const int MaxEncoderRestarts = 5;
    private static readonly TimeSpan RestartWindow = TimeSpan.FromMinutes(1);

    private readonly ISensor _sensor;
    private readonly Func<IVideoEncoder> _encoderFactory;
    private readonly ChannelWriter<EncodedFrame> _output;
    private readonly int _encoderCredit;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private Exception? _lastFailure;

    public CameraActor(ISensor sensor, Func<IVideoEncoder> encoderFactory, ChannelWriter<EncodedFrame> output, int encoderCredit)
    {
        _sensor = sensor;
        _encoderFactory = encoderFactory;
        _output = output;
        _encoderCredit = encoderCredit;
        Receive<Terminated>(_ =>
        {
            _log.Error("Camera stopped: {0}", _lastFailure?.Message ?? "a pipeline actor stopped");
            _output.TryComplete(_lastFailure ?? new EncoderFailedException("The camera's sensor or encoder stopped."));
            Context.Stop(Self);
        });
    }

    public static Props Props(ISensor sensor, Func<IVideoEncoder> encoderFactory, ChannelWriter<EncodedFrame> output, int encoderCredit) =>
        Akka.Actor.Props.Create(() => new CameraActor(sensor, encoderFactory, output, encoderCredit));

    protected override void PreStart()
    {
        var sensor = Context.ActorOf(SensorActor.Props(_sensor), "sensor");
        var encoder = Context.ActorOf(EncoderActor.Props(sensor, _encoderFactory, _output, _encoderCredit), "encoder");
        Context.Watch(sensor);
        Context.Watch(encoder);
    }

    protected override void PostStop() => _output.TryComplete();

    // All for one: the sensor learns where to send frames from the encoder's Attach, so whichever
    // of the two restarts, both start over together.
    protected override SupervisorStrategy SupervisorStrategy() =>
        new AllForOneStrategy(MaxEncoderRestarts, RestartWindow, error =>
        {
            _lastFailure = error is ActorInitializationException { InnerException: { } cause } ? cause : error;
            // An encoder that cannot even start (ffmpeg missing) will not start on a retry.
            return error is ActorInitializationException ? Directive.Stop : Directive.Restart;
        });
}
