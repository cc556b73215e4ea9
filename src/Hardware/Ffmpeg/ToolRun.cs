using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace MediaActors.Hardware.Ffmpeg;

/// <summary>What a short-lived tool (ffprobe, a trial ffmpeg) printed and how it ended.</summary>
/// <param name="ExitCode">Its exit code; null when it was killed for running past its time.</param>
internal sealed record ToolRun(int? ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last non-empty line of stderr: usually the reason ffmpeg gives.</summary>
    public string LastErrorLine =>
        StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
        ?? (ExitCode is null ? "it did not finish in time" : $"it exited with code {ExitCode} and said nothing");

    /// <summary>
    /// The first non-empty line of stderr without ffmpeg's "[h264_nvenc @ 0x...] " prefix: where an
    /// encoder says what it lacks ("Cannot load libcuda.so.1"), before ffmpeg's generic last line.
    /// </summary>
    public string FirstErrorLine
    {
        get
        {
            var first = StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            if (first is null)
            {
                return LastErrorLine;
            }

            var prefixEnd = first.StartsWith('[') ? first.IndexOf("] ", StringComparison.Ordinal) : -1;
            return prefixEnd > 0 ? first[(prefixEnd + 2)..] : first;
        }
    }

    /// <summary>Runs <paramref name="executable"/> to its end, killing it (and its children) after <paramref name="timeout"/>.</summary>
    /// <exception cref="InvalidOperationException">The executable could not be started.</exception>
    public static ToolRun Run(string executable, IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var process = new Process { StartInfo = FfmpegProcess.StartInfo(executable, arguments) };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(error, line.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"Could not run '{executable}': {exception.Message}.", exception);
        }

        ChildProcessReaper.Track(process);
        try
        {
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var finished = process.WaitForExit(timeout);
            if (!finished)
            {
                ChildProcessReaper.KillTree(process);
            }

            // Without a timeout this also waits for the redirected streams to reach their end.
            process.WaitForExit();
            return new ToolRun(finished ? process.ExitCode : null, Text(output), Text(error));
        }
        finally
        {
            ChildProcessReaper.Forget(process);
        }
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }

    private static string Text(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
