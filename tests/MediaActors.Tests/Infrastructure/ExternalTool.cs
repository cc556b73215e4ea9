using System.Diagnostics;
using System.Text;

namespace MediaActors.Tests.Infrastructure;

/// <summary>The outcome of running a real client such as ffprobe, ffmpeg or gst-launch-1.0.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public override string ToString() =>
        $"exit {ExitCode}{(TimedOut ? " (timed out, killed)" : "")}\n--- stdout ---\n{Tail(StandardOutput)}\n--- stderr ---\n{Tail(StandardError)}";

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];
}

/// <summary>Runs external programs with a hard time limit; a test never waits longer than it says.</summary>
public static class ExternalTool
{
    public static async Task<ToolResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout,
        IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Require(program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return new ToolResult(process.ExitCode, await stdout, await stderr, timedOut);
    }

    /// <summary>Whether <paramref name="program"/> is on the PATH.</summary>
    public static bool Exists(string program) => Find(program) is not null;

    private static string? Find(string program)
    {
        if (Path.IsPathRooted(program))
        {
            return program;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The full path of <paramref name="program"/>; fails the test with how to install it when missing.</summary>
    public static string Require(string program)
    {
        if (Find(program) is { } found)
        {
            return found;
        }

        throw new InvalidOperationException(
            $"{program} is not installed; scripts/test.sh installs it (apt-get install ffmpeg gstreamer1.0-tools gstreamer1.0-plugins-good gstreamer1.0-libav).");
    }
}
