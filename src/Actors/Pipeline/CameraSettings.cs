using Akka.Configuration;
using MediaActors.Configuration;
using MediaActors.Hardware;

namespace MediaActors.Pipeline;

/// <summary>The PC camera stand-in (synthetic sensor + ffmpeg encoder), from the <c>mediaactors.camera</c> HOCON section.</summary>
public sealed record CameraSettings(
    int Width,
    int Height,
    int FramesPerSecond,
    int BitrateKbps,
    int GopFrames,
    int EncoderCredit,
    int OutputBuffers)
{
    public static CameraSettings FromConfig(Config config)
    {
        var camera = MediaActorsConfig.WithDefaults(config).GetConfig("mediaactors.camera");
        return new CameraSettings(
            Width: camera.GetInt("width"),
            Height: camera.GetInt("height"),
            FramesPerSecond: camera.GetInt("fps"),
            BitrateKbps: camera.GetInt("bitrate-kbps"),
            GopFrames: camera.GetInt("gop"),
            EncoderCredit: camera.GetInt("encoder-credit"),
            OutputBuffers: camera.GetInt("output-buffers"));
    }

    public VideoFormat VideoFormat => new(Width, Height, FramesPerSecond);

    public EncoderSettings EncoderSettings(VideoCodec codec) =>
        new(VideoFormat, codec, BitrateKbps, GopFrames);
}
