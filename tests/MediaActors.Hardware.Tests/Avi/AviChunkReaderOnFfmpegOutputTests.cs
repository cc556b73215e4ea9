using MediaActors.Hardware.Avi;
using MediaActors.Hardware.Ffmpeg;
using MediaActors.Hardware.Tests.Support;

namespace MediaActors.Hardware.Tests.Avi;

public sealed class AviChunkReaderOnFfmpegOutputTests
{
    [Fact]
    public async Task ReadsOneAnnexBChunkPerFrameFromFfmpegsAviOnAPipe()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        const int Frames = 5;
        string[] arguments =
        [
            "-hide_banner", "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=30", "-frames:v", $"{Frames}",
            "-c:v", "libx264", "-bf", "0", "-f", "avi", "pipe:1",
        ];
        await using var ffmpeg = FfmpegProcess.Start(FfmpegLocator.Resolve(null, Environment.GetEnvironmentVariable), arguments);

        var chunks = await new AviChunkReader(ffmpeg.Output).ReadAllAsync(timeout.Token);

        Assert.Equal(Frames, chunks.Count);
        Assert.All(chunks, chunk => Assert.True(AnnexB.StartsWithStartCode(chunk)));
        Assert.Equal(0, await ffmpeg.WaitForExitAsync(timeout.Token));
    }
}
