using System.Runtime.InteropServices;

namespace MediaActors.Configuration;

/// <summary>
/// How many files this process may have open (the soft RLIMIT_NOFILE, which the .NET runtime
/// raises to the hard limit as it starts), and the RTSP connections that leaves room for.
/// </summary>
public static partial class FileDescriptorLimit
{
    /// <summary>Where the limit cannot be read (not Linux): the usual default soft limit.</summary>
    private const long Fallback = 1024;

    private const int RlimitNoFile = 7;

    /// <summary>The process's current limit on open files.</summary>
    public static long Current
    {
        get
        {
            if (!OperatingSystem.IsLinux())
            {
                return Fallback;
            }

            try
            {
                return GetRLimit(RlimitNoFile, out var limit) == 0 ? (long)Math.Min(limit.Current, long.MaxValue) : Fallback;
            }
            catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
            {
                return Fallback;
            }
        }
    }

    /// <summary>
    /// The RTSP connections <paramref name="limit"/> open files leave room for: a tenth of them
    /// (at least 256) is kept for everything else a node opens (the runtime, recordings, HTTP
    /// and WebSocket viewers, the cluster, a publisher's UDP ports), each connection then takes one.
    /// </summary>
    public static int ConnectionsFor(long limit) => (int)Math.Clamp(limit - Math.Max(256, limit / 10), 64, int.MaxValue);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, out RLimit limit);
}
