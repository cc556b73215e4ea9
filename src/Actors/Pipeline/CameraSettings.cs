using Akka.Configuration;
using MediaActors.Configuration;
using MediaActors.Hardware;
using MediaActors.Protocol.Formats;

namespace MediaActors.Pipeline;

/// <summary>The camera (the PC stand-in of synthetic sensor and ffmpeg encoder, or the K230's), from the <c>mediaactors.camera</c> HOCON section.</summary>
public sealed record CameraSettings(
    int Width,
    int Height,
    int FramesPerSecond,
    int BitrateKbps,
    int GopFrames,
    int EncoderCredit,
    int OutputBuffers,
    int K230SensorType)
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
            OutputBuffers: camera.GetInt("output-buffers"),
            K230SensorType: camera.GetInt("k230-sensor-type"));
    }

    public VideoFormat VideoFormat => new(Width, Height, FramesPerSecond);

    public EncoderSettings EncoderSettings(Codec codec) =>
        new(VideoFormat, codec, BitrateKbps, GopFrames);
}
