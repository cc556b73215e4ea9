using System.Collections.Concurrent;
using MediaActors.Hardware;
using MediaActors.Protocol.Formats;

namespace MediaActors.Testing;

/// <summary>
/// Real access units (320x240, main profile, GOP 15) made once per test run and codec by the
/// project's own ffmpeg encoder from the synthetic sensor: the same bytes a board would send.
/// </summary>
public static class EncodedTestStream
{
    public const int Width = 320;
    public const int Height = 240;
    public const int FramesPerSecond = 30;
    public const int GopFrames = 15;
    private const int FrameCount = 60;

    private static readonly ConcurrentDictionary<Codec, Lazy<Task<IReadOnlyList<byte[]>>>> AccessUnits = new();

    /// <summary>60 access units in Annex-B; the 1st, 16th, 31st and 46th are keyframes with their parameter sets in front.</summary>
    public static Task<IReadOnlyList<byte[]>> GetAccessUnitsAsync(Codec codec = Codec.H264) =>
        AccessUnits.GetOrAdd(codec, c => new Lazy<Task<IReadOnlyList<byte[]>>>(() => EncodeAsync(c))).Value;

    private static async Task<IReadOnlyList<byte[]>> EncodeAsync(Codec codec)
    {
        var format = new VideoFormat(Width, Height, FramesPerSecond);
        using var sensor = new SyntheticNv12Sensor(format);
        await using var encoder = new FfmpegVideoEncoder(new EncoderSettings(format, codec, BitrateKbps: 500, GopFrames: GopFrames));
        sensor.Start();
        encoder.Start();
        var frame = new byte[format.FrameSizeBytes];
        var accessUnits = new List<byte[]>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var index = 0; index < FrameCount; index++)
        {
            sensor.Capture(frame, index);
            await encoder.EncodeAsync(frame, deadline.Token);
            accessUnits.Add((await encoder.Output.ReadAsync(deadline.Token)).AnnexB.ToArray());
        }
        return accessUnits;
    }
}
