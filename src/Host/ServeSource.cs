using MediaActors.Configuration;
using MediaActors.Hardware;
using MediaActors.Hardware.Ffmpeg;
using MediaActors.Hardware.FfmpegInput;
using MediaActors.Hardware.Files;
using MediaActors.Hardware.K230;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;
using MediaActors.Sources;

namespace MediaActors.Host;

/// <summary>What `serve --source` names: <c>synthetic</c> (the moving test pattern through ffmpeg, the
/// default), <c>k230</c> (the board's sensor and hardware encoder), <c>file:PATH</c> (an Annex-B
/// .h264/.h265 file played in a loop), <c>rtsp://...</c> (a camera pulled over RTSP), <c>ffmpeg:ARGS</c>
/// (any ffmpeg input) or <c>v4l2:DEVICE</c> (a V4L2 camera through ffmpeg).</summary>
/// <param name="Location">The file's path, the camera's URL, ffmpeg's input arguments or the device.</param>
public sealed record ServeSource(ServeSourceKind Kind, string? Location = null)
{
    private const string FilePrefix = "file:";
    private const string RtspPrefix = "rtsp://";
    private const string FfmpegPrefix = "ffmpeg:";
    private const string V4l2Prefix = "v4l2:";

    public static ServeSource Synthetic { get; } = new(ServeSourceKind.Synthetic);

    /// <summary>What operators see as the session's source: the kind in lower case, and which one.</summary>
    public (string Kind, string Description) Describe() => Kind switch
    {
        ServeSourceKind.Synthetic => ("camera", "synthetic test pattern"),
        ServeSourceKind.K230 => ("camera", "K230 sensor and encoder"),
        _ => (Kind.ToString().ToLowerInvariant(), Location!),
    };

    /// <exception cref="ArgumentException">The value names no source; the message says which are known.</exception>
    public static ServeSource Parse(string value)
    {
        if (value.Equals("synthetic", StringComparison.OrdinalIgnoreCase))
        {
            return Synthetic;
        }

        if (value.Equals("k230", StringComparison.OrdinalIgnoreCase))
        {
            return new ServeSource(ServeSourceKind.K230);
        }

        if (value.StartsWith(FilePrefix, StringComparison.OrdinalIgnoreCase) && value.Length > FilePrefix.Length)
        {
            return new ServeSource(ServeSourceKind.File, value[FilePrefix.Length..]);
        }

        if (value.StartsWith(RtspPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return new ServeSource(ServeSourceKind.Rtsp, value);
        }

        if (value.StartsWith(FfmpegPrefix, StringComparison.OrdinalIgnoreCase) && value.Length > FfmpegPrefix.Length)
        {
            return new ServeSource(ServeSourceKind.Ffmpeg, value[FfmpegPrefix.Length..]);
        }

        if (value.StartsWith(V4l2Prefix, StringComparison.OrdinalIgnoreCase) && value.Length > V4l2Prefix.Length)
        {
            return new ServeSource(ServeSourceKind.V4l2, value[V4l2Prefix.Length..]);
        }

        throw new ArgumentException(
            $"--source '{value}' is not a source: use synthetic, k230, file:PATH, rtsp://[user:password@]host[:port]/path, ffmpeg:\"INPUT ARGS\" or v4l2:DEVICE.");
    }

    /// <summary>
    /// Opens the source for a camera: what the camera runs and the codec of the stream it makes
    /// (a file's own; otherwise <paramref name="codec"/>). A file is checked here (it exists, holds a
    /// keyframe, has a frame rate or <paramref name="fpsOverride"/> gives one), so a bad one fails at start.
    /// </summary>
    /// <exception cref="Akka.Configuration.ConfigurationException">A camera URL is unusable.</exception>
    public OpenedSource Open(Codec codec, CameraSettings camera, int? fpsOverride, string session, Akka.Configuration.Config config)
    {
        if (Kind == ServeSourceKind.Rtsp)
        {
            return new OpenedSource(Camera: null, codec, Owned: null, Pull: RtspSourceSettings.Create(session, Location!, config));
        }

        if (Kind == ServeSourceKind.File)
        {
            using var probe = new AnnexBFileReader(Location!);
            var framesPerSecond = fpsOverride ?? probe.FramesPerSecond
                ?? throw new InvalidDataException($"'{Location}' does not say its frame rate (no timing in its SPS); pass --fps.");
            return new OpenedSource(new AnnexBFile(probe.Path, probe.Codec, framesPerSecond), probe.Codec, Owned: null);
        }

        var encoderSettings = camera.EncoderSettings(codec);
        if (Kind is ServeSourceKind.Ffmpeg or ServeSourceKind.V4l2)
        {
            return new OpenedSource(new FfmpegInput(PlanFfmpegInput(encoderSettings, config)), codec, Owned: null);
        }

        if (Kind == ServeSourceKind.K230)
        {
            // Throws PlatformNotSupportedException, naming this machine, anywhere but on the board.
            var boardSensor = new K230Sensor(camera.VideoFormat, camera.K230SensorType);
            return new OpenedSource(new SensorAndEncoder(boardSensor, () => new K230VideoEncoder(encoderSettings)), codec, boardSensor);
        }
        var sensor = new SyntheticNv12Sensor(camera.VideoFormat);
        return new OpenedSource(new SensorAndEncoder(sensor, () => new FfmpegVideoEncoder(encoderSettings)), codec, sensor);
    }

    /// <summary>
    /// Probes the ffmpeg input (a bad one fails here, naming the input and ffmpeg's reason) and decides
    /// between passing its video through and encoding it (<c>mediaactors.ffmpeg-input</c>).
    /// </summary>
    private FfmpegInputPlan PlanFfmpegInput(EncoderSettings settings, Akka.Configuration.Config config)
    {
        var section = MediaActorsConfig.WithDefaults(config).GetConfig("mediaactors.ffmpeg-input");
        var encoder = section.GetString("encoder");
        var probeTimeout = section.GetTimeSpan("probe-timeout");
        if (probeTimeout <= TimeSpan.Zero)
        {
            throw new Akka.Configuration.ConfigurationException("mediaactors.ffmpeg-input.probe-timeout must be positive.");
        }

        var arguments = Kind == ServeSourceKind.V4l2
            ? FfmpegInputPlanner.V4l2Arguments(Location!, settings.Codec, settings.FfmpegPath, probeTimeout)
            : ShellWords.Split(Location!);
        var input = Kind == ServeSourceKind.V4l2 ? V4l2Prefix + Location : Location!;
        return FfmpegInputPlanner.Plan(input, arguments, settings, encoder, probeTimeout);
    }
}

public enum ServeSourceKind
{
    Synthetic,
    K230,
    File,
    Rtsp,
    Ffmpeg,
    V4l2,
}

/// <summary>
/// A source ready to stream: a camera for <see cref="CameraPipeline.Start"/> with the codec of its
/// stream and what to dispose when it is done, or a camera to pull (<paramref name="Pull"/>), whose
/// codecs are the camera's.
/// </summary>
public sealed record OpenedSource(CameraSource? Camera, Codec Codec, IDisposable? Owned, RtspSourceSettings? Pull = null) : IDisposable
{
    public void Dispose() => Owned?.Dispose();
}
