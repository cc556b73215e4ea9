using MediaActors.Hardware.Tests.Support;
using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware.Tests.Files;

/// <summary>
/// Raw H.264 and H.265 files made once by ffmpeg for the file reader tests: <see cref="Frames"/>
/// frames of 320x240 at 25 fps, an IDR every <see cref="GopFrames"/> and no B-frames, so that
/// keyframes fall on fixed positions; each in one slice per picture and in four.
/// </summary>
public sealed class RecordedStreamFiles : IAsyncLifetime
{
    public const int Frames = 50;
    public const int GopFrames = 10;
    public const int FramesPerSecond = 25;
    public const int Width = 320;
    public const int Height = 240;
    public const int SlicesPerPicture = 4;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("mediaactors-annexb-").FullName;

    public string H264 => System.IO.Path.Combine(Directory, "testsrc.h264");

    public string H265 => System.IO.Path.Combine(Directory, "testsrc.h265");

    public string H264Sliced => System.IO.Path.Combine(Directory, "testsrc-sliced.264");

    public string H265Sliced => System.IO.Path.Combine(Directory, "testsrc-sliced.hevc");

    public string PathOf(Codec codec) => codec == Codec.H264 ? H264 : H265;

    public string SlicedPathOf(Codec codec) => codec == Codec.H264 ? H264Sliced : H265Sliced;

    /// <summary>A path in the fixture's directory for a file a test writes itself.</summary>
    public string NewPath(string fileName) => System.IO.Path.Combine(Directory, $"{Guid.NewGuid():N}-{fileName}");

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await EncodeAsync(H264, Codec.H264, slices: 1, timeout.Token);
        await EncodeAsync(H265, Codec.H265, slices: 1, timeout.Token);
        await EncodeAsync(H264Sliced, Codec.H264, SlicesPerPicture, timeout.Token);
        await EncodeAsync(H265Sliced, Codec.H265, SlicesPerPicture, timeout.Token);
    }

    public ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static async Task EncodeAsync(string path, Codec codec, int slices, CancellationToken cancellationToken)
    {
        string[] encoder = codec == Codec.H264
            ? ["-c:v", "libx264", "-g", $"{GopFrames}", "-keyint_min", $"{GopFrames}", "-sc_threshold", "0", "-bf", "0", "-slices", $"{slices}",
               "-bsf:v", "h264_mp4toannexb", "-f", "h264"]
            : ["-c:v", "libx265", "-x265-params", $"log-level=error:keyint={GopFrames}:min-keyint={GopFrames}:scenecut=0:bframes=0:open-gop=0:slices={slices}",
               "-f", "hevc"];
        string[] arguments =
        [
            "-hide_banner", "-loglevel", "error",
            "-f", "lavfi", "-i", $"testsrc=size={Width}x{Height}:rate={FramesPerSecond}", "-frames:v", $"{Frames}", "-pix_fmt", "yuv420p",
            .. encoder, "pipe:1",
        ];
        var stream = await FfmpegFilter.RunAsync(arguments, [], cancellationToken);
        await File.WriteAllBytesAsync(path, stream, cancellationToken);
    }
}
