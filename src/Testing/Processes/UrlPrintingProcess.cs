using System.Collections.Concurrent;
using System.Diagnostics;

namespace MediaActors.Testing.Processes;

/// <summary>
/// Reads the output of a server process that prints its stream URL on stdout once it serves (this
/// server's host, the gst-rtsp-server peers): <see cref="Url"/> completes with the first line
/// starting with rtsp://, or fails when the process exits first; the last lines of stderr are kept
/// for assertions and failure messages.
/// </summary>
public sealed class UrlPrintingProcess
{
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _maxLines;

    /// <summary>Starts reading <paramref name="process"/> (started with stdin, stdout and stderr redirected), keeping up to <paramref name="maxLines"/> lines of stderr.</summary>
    public UrlPrintingProcess(Process process, int maxLines)
    {
        _maxLines = maxLines;
        process.StandardInput.Close();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith("rtsp://", StringComparison.Ordinal) == true)
            {
                _url.TrySetResult(line.Data.Trim());
            }
        };
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.Exited += (_, _) => _url.TrySetException(new InvalidOperationException($"exited with code {process.ExitCode}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The URL the process printed.</summary>
    public Task<string> Url => _url.Task;

    /// <summary>The last lines of stderr, oldest first.</summary>
    public IReadOnlyCollection<string> ErrorLines => _stderr;

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _stderr.Enqueue(line);
        while (_stderr.Count > _maxLines)
        {
            _stderr.TryDequeue(out _);
        }
    }
}
