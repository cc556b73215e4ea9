using System.Buffers;
using Akka.Actor;
using Akka.Event;
using MediaActors.Flow;
using MediaActors.Hardware;

namespace MediaActors.Pipeline;

/// <summary>
/// Feeds raw frames to an <see cref="IVideoEncoder"/> and hands each access unit it produces, as an
/// <see cref="EncodedFrame"/>, to its camera (the parent), which publishes it to the consumers and
/// gives the sensor credit for the next frame; at most <c>credit</c> frames are between the sensor
/// and the camera. The encoder is made by a factory so that a restart of this actor (the camera's
/// supervisor restarts it when its encoder fails) starts a fresh encoder.
/// </summary>
public sealed class EncoderActor : ReceiveActor
{
    private readonly Func<IVideoEncoder> _encoderFactory;
    private readonly int _credit;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<long> _captureTimes = new();
    private readonly IActorRef _sensor;
    private IVideoEncoder? _encoder;
    private long _framesIn, _framesOut;

    public EncoderActor(IActorRef sensor, Func<IVideoEncoder> encoderFactory, int credit)
    {
        _sensor = sensor;
        _encoderFactory = encoderFactory;
        _credit = credit;
        ReceiveAsync<Camera.RawFrame>(Encode);
        // Messages of an encoder instance replaced by a restart are ignored.
        Receive<Produced>(produced => produced.Source == _encoder, produced => Publish(produced.Packet));
        Receive<EncoderStopped>(stopped => stopped.Source == _encoder, stopped => throw new EncoderFailedException(
            "The video encoder stopped unexpectedly" + (stopped.Error is null ? "." : $": {stopped.Error.Message}"), stopped.Error));
        Receive<Produced>(_ => { });
        Receive<EncoderStopped>(_ => { });
        Receive<Camera.GetStats>(_ => Sender.Tell(new Camera.EncoderStats(_framesIn, _framesOut, _captureTimes.Count)));
    }

    public static Props Props(IActorRef sensor, Func<IVideoEncoder> encoderFactory, int credit) =>
        Akka.Actor.Props.Create(() => new EncoderActor(sensor, encoderFactory, credit));

    protected override void PreStart()
    {
        _encoder = _encoderFactory();
        _encoder.Start();
        var self = Self;
        var encoder = _encoder;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var packet in encoder.Output.ReadAllAsync().ConfigureAwait(false))
                {
                    self.Tell(new Produced(encoder, packet));
                }

                self.Tell(new EncoderStopped(encoder, null));
            }
            catch (Exception error)
            {
                self.Tell(new EncoderStopped(encoder, error));
            }
        });
        _sensor.Tell(new FrameFlow.Attach(_credit));
    }

    protected override void PostRestart(Exception reason)
    {
        _log.Warning("Encoder restarted after: {0}", reason.Message);
        base.PostRestart(reason);
    }

    protected override void PostStop()
    {
        // DisposeAsync closes the encoder's input and kills the child process if it lingers.
        _encoder?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(3));
        _log.Info("Encoder stopped: {0} frames in, {1} encoded", _framesIn, _framesOut);
    }

    private async Task Encode(Camera.RawFrame frame)
    {
        try
        {
            _framesIn++;
            _captureTimes.Enqueue(frame.CaptureTimeMicros);
            await _encoder!.EncodeAsync(frame.Buffer.AsMemory(0, frame.Length), CancellationToken.None);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame.Buffer);
        }
    }

    private void Publish(EncodedPacket packet)
    {
        // One frame in, one access unit out, in order: the oldest capture time is this packet's.
        var captureTime = _captureTimes.TryDequeue(out var time) ? time : MonotonicClock.NowMicros;
        _framesOut++;
        Context.Parent.Tell(EncodedFrame.FromAnnexB(_encoder!.Settings.Codec, packet.AnnexB, captureTime, packet.FrameIndex));
    }

    // The encoder's last output may arrive after this actor stopped: not worth a dead-letter warning.
    private sealed record Produced(IVideoEncoder Source, EncodedPacket Packet) : IDeadLetterSuppression;

    private sealed record EncoderStopped(IVideoEncoder Source, Exception? Error) : IDeadLetterSuppression;
}
