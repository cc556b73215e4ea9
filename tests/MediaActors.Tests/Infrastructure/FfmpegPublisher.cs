using System.Diagnostics;

namespace MediaActors.Tests.Infrastructure;

/// <summary>
/// ffmpeg publishing a live test pattern (and a tone) to an RTSP URL with ANNOUNCE/RECORD until it
/// is killed (a drop, not a TEARDOWN) or disposed; or, refused, until it exits by itself.
/// </summary>
public sealed class FfmpegPublisher : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _standardError;

    private FfmpegPublisher(Process process)
    {
        _process = process;
        _standardError = process.StandardError.ReadToEndAsync();
    }

    /// <param name="audio">null, pcm_mulaw, pcm_alaw or aac.</param>
    public static FfmpegPublisher Start(string url, string transport, string? audio = null)
    {
        var start = new ProcessStartInfo(ExternalTool.Require("ffmpeg"))
        {
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25" };
        if (audio is not null)
        {
            arguments.AddRange(["-f", "lavfi", "-i", $"sine=frequency=440:sample_rate={(audio == "aac" ? 44100 : 8000)}"]);
        }

        arguments.AddRange(["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25"]);
        if (audio is not null)
        {
            arguments.AddRange(["-c:a", audio]);
        }

        arguments.AddRange(["-f", "rtsp", "-rtsp_transport", transport, url]);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new FfmpegPublisher(Process.Start(start)!);
    }

    /// <summary>Waits for ffmpeg to give up by itself (it was refused) and returns what it said; fails the test if it is still publishing after <paramref name="within"/>.</summary>
    public async Task<string> RefusedAsync(TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"ffmpeg was not refused within {within}");
        }

        Assert.NotEqual(0, _process.ExitCode);
        return await _standardError;
    }

    /// <summary>Kills ffmpeg at once: its connection drops without a TEARDOWN.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
