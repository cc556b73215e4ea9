using MediaActors.Hardware.Ffmpeg;

namespace MediaActors.Hardware.Tests.Support;

/// <summary>Runs ffmpeg once as a filter: bytes in on stdin, all of stdout back, and a zero exit code required.</summary>
internal static class FfmpegFilter
{
    public static async Task<byte[]> RunAsync(IEnumerable<string> arguments, byte[] input, CancellationToken cancellationToken)
    {
        await using var ffmpeg = FfmpegProcess.Start(FfmpegLocator.Resolve(null, Environment.GetEnvironmentVariable), arguments);
        using var output = new MemoryStream();
        // Read while writing: a full stdout pipe would otherwise stop ffmpeg reading stdin.
        var reading = ffmpeg.Output.CopyToAsync(output, cancellationToken);
        await ffmpeg.Input.WriteAsync(input, cancellationToken);
        ffmpeg.CloseInput();
        await reading;

        var exitCode = await ffmpeg.WaitForExitAsync(cancellationToken);
        Assert.True(exitCode == 0, $"ffmpeg exited with code {exitCode}: {ffmpeg.RecentStderr}");
        return output.ToArray();
    }
}
