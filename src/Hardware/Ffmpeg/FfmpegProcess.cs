using System.ComponentModel;
using System.Diagnostics;

namespace MediaActors.Hardware.Ffmpeg;

/// <summary>
/// One running ffmpeg child: its stdin and stdout as streams, its stderr drained continuously (a full
/// stderr pipe would block ffmpeg) into the last lines for error messages, and a stop that never
/// leaves an orphan behind.
/// </summary>
internal sealed class FfmpegProcess : IAsyncDisposable
{
    private const int RememberedStderrLines = 20;

    // Long enough for ffmpeg to flush and exit after end of input, short enough not to stall a shutdown.
    private static readonly TimeSpan ExitGracePeriod = TimeSpan.FromSeconds(1);

    private readonly Process process;
    private readonly RecentLines stderr = new(RememberedStderrLines);

    private FfmpegProcess(Process process) => this.process = process;

    public int Id => process.Id;

    public Stream Input => process.StandardInput.BaseStream;

    public Stream Output => process.StandardOutput.BaseStream;

    /// <summary>What ffmpeg last wrote to stderr, or a note that it wrote nothing.</summary>
    public string RecentStderr => stderr.ToString() is { Length: > 0 } text ? text : "(ffmpeg wrote nothing to stderr)";

    /// <summary>How the ffmpeg tools are run: every stream redirected, the arguments passed as they are (no shell).</summary>
    internal static ProcessStartInfo StartInfo(string executable, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    /// <exception cref="InvalidOperationException">The operating system could not run the executable.</exception>
    public static FfmpegProcess Start(string executable, IEnumerable<string> arguments)
    {
        var ffmpeg = new FfmpegProcess(new Process { StartInfo = StartInfo(executable, arguments) });
        ffmpeg.process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                ffmpeg.stderr.Add(line.Data);
            }
        };
        try
        {
            ffmpeg.process.Start();
        }
        catch (Win32Exception exception)
        {
            ffmpeg.process.Dispose();
            throw new InvalidOperationException($"Could not run ffmpeg at '{executable}': {exception.Message}.", exception);
        }

        ChildProcessReaper.Track(ffmpeg.process);
        ffmpeg.process.BeginErrorReadLine();
        return ffmpeg;
    }

    /// <summary>Waits for exit and for the last stderr line to be recorded.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }

    public void Kill() => ChildProcessReaper.KillTree(process);

    /// <summary>Signals end of input; closing twice, or after ffmpeg closed its end, is not an error.</summary>
    public void CloseInput()
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // ffmpeg already closed its end of the pipe; it is exiting or gone.
        }
        catch (ObjectDisposedException)
        {
            // The input was already closed, through this method or through Input.
        }
    }

    /// <summary>Closes stdin so ffmpeg can finish cleanly, then kills it if it has not exited within the grace period.</summary>
    public async Task StopAsync()
    {
        CloseInput();

        using var grace = new CancellationTokenSource(ExitGracePeriod);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        ChildProcessReaper.Forget(process);
        process.Dispose();
    }
}
