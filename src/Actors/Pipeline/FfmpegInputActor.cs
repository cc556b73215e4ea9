using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using MediaActors.Flow;
using MediaActors.Hardware;
using MediaActors.Hardware.FfmpegInput;

namespace MediaActors.Pipeline;

/// <summary>
/// Any ffmpeg input as a camera's source: runs the ffmpeg of its <see cref="FfmpegInputPlan"/>
/// (passing the video through or encoding it) and hands each picture to its camera (the parent).
/// ffmpeg paces a live input itself, so each picture is stamped with its arrival time. Like the
/// sensor it cannot wait: it sends a picture only while the camera has granted credit, and
/// otherwise drops it and every picture up to the next keyframe (counted). When ffmpeg exits or
/// dies this actor fails, and the camera restarts it (with a fresh ffmpeg) as it restarts an encoder.
/// </summary>
public sealed class FfmpegInputActor : ReceiveActor
{
    private readonly FfmpegInputPlan _plan;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _camera = Context.Parent;
    private readonly FrameGate _gate;
    private FfmpegInputStream? _input;
    private long _sequence;

    /// <param name="credit">Frames this source may have on their way to its camera, which grants one
    /// more per frame it has passed on. A restarted instance starts with full credit again.</param>
    public FfmpegInputActor(FfmpegInputPlan plan, int credit)
    {
        _plan = plan;
        _gate = FrameGate.WithCredit(credit);
        // Messages of an input replaced by a restart are ignored.
        Receive<Arrived>(arrived => arrived.Source == _input, Publish);
        Receive<Ended>(ended => ended.Source == _input, ended => throw ended.Error);
        Receive<Arrived>(_ => { });
        Receive<Ended>(_ => { });
        Receive<FrameFlow.Request>(request => _gate.Grant(request.Count));
        Receive<Camera.GetStats>(_ => Sender.Tell(new Camera.SensorStats(_gate.Sent, _gate.Dropped, _gate.Credit)));
    }

    public static Props Props(FfmpegInputPlan plan, int credit) =>
        Akka.Actor.Props.Create(() => new FfmpegInputActor(plan, credit));

    protected override void PreStart()
    {
        _input = new FfmpegInputStream(_plan);
        _input.Start();
        _log.Info("ffmpeg input '{0}' (ffmpeg pid {1}): {2}", _plan.Input, _input.ProcessId, _plan.Decision);
        ReadNext();
    }

    protected override void PostRestart(Exception reason)
    {
        _log.Warning("ffmpeg input restarted after: {0}", reason.Message);
        base.PostRestart(reason);
    }

    protected override void PostStop()
    {
        _input?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(3));
        _log.Info("ffmpeg input stopped: {0} pictures sent, {1} dropped for lack of credit", _gate.Sent, _gate.Dropped);
    }

    /// <summary>Asks for the next picture: at most one is in this actor's mailbox, the rest wait (bounded) in the input.</summary>
    private void ReadNext()
    {
        var input = _input!;
        input.Pictures.ReadAsync().AsTask().ContinueWith<object>(
            read => read.IsCompletedSuccessfully
                ? new Arrived(input, read.Result, MonotonicClock.NowMicros)
                : new Ended(input, Failure(read.Exception?.InnerException)),
            TaskScheduler.Default).PipeTo(Self);
    }

    private static Exception Failure(Exception? error) => error switch
    {
        ChannelClosedException { InnerException: { } cause } => cause,
        null or ChannelClosedException => new EncoderFailedException("The ffmpeg input ended."),
        _ => error,
    };

    private void Publish(Arrived arrived)
    {
        var sequence = _sequence++;
        if (_gate.TryPass(arrived.Picture.IsKeyframe))
        {
            _camera.Tell(EncodedFrame.FromAnnexB(_plan.Codec, arrived.Picture.AnnexB, arrived.ArrivalMicros, sequence));
        }

        ReadNext();
    }

    // A picture may arrive after this actor stopped: not worth a dead-letter warning.
    private sealed record Arrived(FfmpegInputStream Source, Hardware.Files.AnnexBAccessUnit Picture, long ArrivalMicros) : IDeadLetterSuppression;

    private sealed record Ended(FfmpegInputStream Source, Exception Error) : IDeadLetterSuppression;
}
