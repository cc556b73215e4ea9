using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace MediaActors.Hardware.Ffmpeg;

/// <summary>
/// Kills still-running child processes when this process exits normally or on SIGTERM/SIGINT, which
/// raise ProcessExit. A hard kill of this process skips that, but then the pipes close and ffmpeg,
/// seeing end of input or a broken output pipe, exits by itself.
/// </summary>
internal static class ChildProcessReaper
{
    // Process compares by reference, so the dictionary works as a concurrent set of instances.
    private static readonly ConcurrentDictionary<Process, byte> Running = new();

    static ChildProcessReaper() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    public static void Track(Process process) => Running.TryAdd(process, 0);

    public static void Forget(Process process) => Running.TryRemove(process, out _);

    /// <summary>Kills the process and its descendants; a process that already exited is not an error.</summary>
    public static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception)
        {
            // It exited (or was reaped) between our check and the kill: the goal is already met.
        }
    }

    private static void KillAll()
    {
        foreach (var process in Running.Keys)
        {
            KillTree(process);
        }
    }
}
