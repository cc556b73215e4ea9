using Akka.Actor;
using MediaActors.Flow;
using MediaActors.Hardware;
using MediaActors.Hardware.FfmpegInput;
using MediaActors.Hardware.Files;
using MediaActors.Protocol.Formats;

namespace MediaActors.Pipeline;

/// <summary>Where a camera's frames come from, and which actors produce them under the camera.</summary>
public abstract record CameraSource
{
    /// <summary>
    /// Starts the source's actors as children of <paramref name="camera"/>, which receives their
    /// <see cref="EncodedFrame"/>s. Returns the actor that paces the frames: the camera gives it one
    /// <see cref="FrameFlow.Request"/> per frame it has passed on, so at most
    /// <paramref name="credit"/> frames are on their way between that actor and the camera.
    /// </summary>
    internal abstract IActorRef Start(IUntypedActorContext camera, int credit);
}

/// <summary>A sensor paced at its frame rate, feeding an encoder (the K230's VICAP and VENC, or their PC stand-ins).</summary>
/// <param name="EncoderFactory">Makes a fresh encoder each time the encoder actor (re)starts.</param>
public sealed record SensorAndEncoder(ISensor Sensor, Func<IVideoEncoder> EncoderFactory) : CameraSource
{
    internal override IActorRef Start(IUntypedActorContext camera, int credit)
    {
        var sensor = camera.ActorOf(SensorActor.Props(Sensor), "sensor");
        camera.ActorOf(EncoderActor.Props(sensor, EncoderFactory, credit), "encoder");
        return sensor;
    }
}

/// <summary>An Annex-B file (.h264/.h265) played in a loop at <paramref name="FramesPerSecond"/>.</summary>
public sealed record AnnexBFile(string Path, Codec Codec, double FramesPerSecond) : CameraSource
{
    internal override IActorRef Start(IUntypedActorContext camera, int credit)
    {
        var (path, codec) = (Path, Codec);
        return camera.ActorOf(FileSourceActor.Props(() => new AnnexBFileReader(path, codec), FramesPerSecond, credit), "file");
    }
}

/// <summary>
/// Any ffmpeg input (a V4L2 camera, a screen grab, an HTTP stream, a file played with -re) whose video
/// ffmpeg passes through or encodes to the plan's codec, read from its stdout.
/// </summary>
public sealed record FfmpegInput(FfmpegInputPlan Plan) : CameraSource
{
    internal override IActorRef Start(IUntypedActorContext camera, int credit) =>
        camera.ActorOf(FfmpegInputActor.Props(Plan, credit), "ffmpeg-input");
}
