namespace MediaActors.Protocol.Tests.Mp4;

/// <summary>
/// Two seconds of real encoder output, made once for the test class by ffmpeg: H.264 main and
/// H.265 main at 320x240 and 25 fps without B-frames, a keyframe every second, and AAC-LC at
/// 48 kHz stereo in ADTS. The temporary directory, which the tests also write their MP4 files
/// to, is deleted afterwards.
/// </summary>
public sealed class EncodedStreams : IAsyncLifetime
{
    public const int FramesPerSecond = 25;
    public const int FrameCount = 50;
    public const int AudioSampleRate = 48_000;

    /// <summary>The directory the streams and the tests' files are written to.</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"mediaactors-mp4-{Guid.NewGuid():N}");

    public byte[] H264 { get; private set; } = [];

    public byte[] H265 { get; private set; } = [];

    public byte[] AacAdts { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        const string Picture = "testsrc2=size=320x240:rate=25";
        var h264 = EncodeAsync("h264", "-f", "lavfi", "-i", Picture, "-c:v", "libx264", "-profile:v", "main", "-bf", "0", "-g", "25", "-f", "h264");
        var h265 = EncodeAsync(
            "h265", "-f", "lavfi", "-i", Picture, "-pix_fmt", "yuv420p", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "bframes=0:keyint=25:log-level=error", "-f", "hevc");
        var aac = EncodeAsync("aac", "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate={AudioSampleRate}", "-ac", "2", "-c:a", "aac", "-f", "adts");
        (H264, H265, AacAdts) = (await h264, await h265, await aac);
    }

    public ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>A path in the temporary directory.</summary>
    public string PathOf(string name) => Path.Combine(Directory, name);

    private async Task<byte[]> EncodeAsync(string name, params string[] arguments)
    {
        var output = PathOf(name);
        await ExternalTool.RunSuccessfullyAsync("ffmpeg", ["-hide_banner", "-v", "error", .. arguments, "-t", "2", "-y", output]);
        return await File.ReadAllBytesAsync(output);
    }
}
