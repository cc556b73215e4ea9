using System.Buffers;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using MediaActors.Hardware;
using MediaActors.Protocol.Codecs;
using MediaActors.Sessions;

namespace MediaActors.Pipeline;

/// <summary>
/// Feeds raw frames to an <see cref="IVideoEncoder"/> and publishes what it produces as
/// <see cref="EncodedFrame"/>s on a bounded output (the K230 VENC's output buffers, read by the
/// streaming loop with GetStream). It grants the sensor credit for a new frame each time the
/// encoder delivers one, so at most <c>credit</c> frames are inside the encoder. When the
/// output is full the frame is dropped and so is everything up to the next keyframe, because a
/// decoder cannot use frames that depend on a missing one.
/// The encoder is made by a factory so that a restart of this actor starts a fresh encoder.
/// </summary>
public sealed class EncoderActor : ReceiveActor
{
    private readonly Func<IVideoEncoder> _encoderFactory;
    private readonly ChannelWriter<EncodedFrame> _output;
    private readonly int _credit;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<long> _captureTimes = new();
    private readonly List<NalUnitRange> _nalUnits = new();
    private readonly IActorRef _sensor;
    private IVideoEncoder? _encoder;
    private bool _waitingForKeyframe;
    private long _encoded, _dropped;

    public EncoderActor(IActorRef sensor, Func<IVideoEncoder> encoderFactory, ChannelWriter<EncodedFrame> output, int credit)
    {
        _sensor = sensor;
        _encoderFactory = encoderFactory;
        _output = output;
        _credit = credit;
        ReceiveAsync<Camera.RawFrame>(Encode);
        // Messages of an encoder instance replaced by a restart are ignored.
        Receive<Produced>(produced => produced.Source == _encoder, produced => Publish(produced.Packet));
        Receive<EncoderStopped>(stopped => stopped.Source == _encoder, stopped => throw new EncoderFailedException(
            "The video encoder stopped unexpectedly" + (stopped.Error is null ? "." : $": {stopped.Error.Message}"), stopped.Error));
        Receive<Produced>(_ => { });
        Receive<EncoderStopped>(_ => { });
    }

    public static Props Props(IActorRef sensor, Func<IVideoEncoder> encoderFactory, ChannelWriter<EncodedFrame> output, int credit) =>
        Akka.Actor.Props.Create(() => new EncoderActor(sensor, encoderFactory, output, credit));

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
                    self.Tell(new Produced(encoder, packet));
                self.Tell(new EncoderStopped(encoder, null));
            }
            catch (Exception error)
            {
                self.Tell(new EncoderStopped(encoder, error));
            }
        });
        _sensor.Tell(new Camera.Attach(_credit));
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
        _log.Info("Encoder stopped: {0} frames encoded, {1} dropped at a full output", _encoded, _dropped);
    }

    private async Task Encode(Camera.RawFrame frame)
    {
        try
        {
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
        _sensor.Tell(new Camera.RequestFrames(1));

        var frame = ToEncodedFrame(packet, captureTime);
        if (_waitingForKeyframe && !frame.IsKeyframe)
        {
            _dropped++;
            return;
        }
        if (!_output.TryWrite(frame))
        {
            _waitingForKeyframe = true;
            _dropped++;
            return;
        }
        _waitingForKeyframe = false;
        _encoded++;
    }

    private EncodedFrame ToEncodedFrame(EncodedPacket packet, long captureTime)
    {
        var data = packet.AnnexB;
        _nalUnits.Clear();
        AnnexB.Split(data.Span, _nalUnits);
        var videoType = _encoder!.Settings.Codec == VideoCodec.H265 ? VideoType.H265 : VideoType.H264;
        var isKeyframe = false;
        foreach (var nal in _nalUnits)
            isKeyframe |= VideoCodecs.IsKeyframeSlice(videoType, data.Span.Slice(nal.Offset, nal.Length));
        return new EncodedFrame(_encoder!.Settings.Codec, data, AnnexB.PacksOf(_nalUnits, data.Length), isKeyframe, captureTime, packet.FrameIndex);
    }

    // The encoder's last output may arrive after this actor stopped: not worth a dead-letter warning.
    private sealed record Produced(IVideoEncoder Source, EncodedPacket Packet) : IDeadLetterSuppression;

    private sealed record EncoderStopped(IVideoEncoder Source, Exception? Error) : IDeadLetterSuppression;
}
