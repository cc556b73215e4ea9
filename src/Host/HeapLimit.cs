using Akka.Configuration;

namespace MediaActors.Host;

/// <summary>
/// <c>mediaactors.memory.heap-limit</c>: the most the garbage-collected heap may hold, so that a
/// node on a board whose memory the video pipeline shares fails its own allocations (and is
/// restarted by its service manager) instead of pushing the board into the kernel's out-of-memory
/// killer, which may pick the encoder. The runtime reads its own limit only at start
/// (DOTNET_GCHeapHardLimit); this one comes from the node's configuration and is applied before
/// the actor system starts.
/// </summary>
public static class HeapLimit
{
    public const string Key = "mediaactors.memory.heap-limit";

    /// <summary>Below this the runtime's own start-up already fills the heap.</summary>
    public const long SmallestBytes = 16L * 1024 * 1024;

    /// <summary>The configured limit in bytes, or null when it is off.</summary>
    /// <exception cref="ConfigurationException">It is neither off nor a size of at least <see cref="SmallestBytes"/>.</exception>
    public static long? FromConfig(Config config)
    {
        var text = config.GetString(Key, "off");
        if (string.Equals(text, "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        long? bytes;
        try
        {
            bytes = config.GetByteSize(Key);
        }
        catch (Exception error) when (error is FormatException or ConfigurationException or OverflowException)
        {
            bytes = null;
        }

        return bytes is >= SmallestBytes
            ? bytes
            : throw new ConfigurationException($"{Key} = '{text}' is not a heap limit: use off or a size of at least 16MiB (e.g. 64MiB).");
    }

    /// <summary>The runtime's name for the limit, which <see cref="GC.RefreshMemoryLimit"/> reads from the app context.</summary>
    private const string RuntimeSetting = "GCHeapHardLimit";

    /// <summary>Whether <see cref="Apply"/> set a limit in this process.</summary>
    public static bool IsApplied => AppContext.GetData(RuntimeSetting) is not null;

    /// <summary>Limits the heap to <paramref name="bytes"/> from now on; nothing when null.</summary>
    /// <exception cref="ConfigurationException">The heap already holds more than that.</exception>
    public static void Apply(long? bytes)
    {
        if (bytes is not { } limit)
        {
            return;
        }

        AppContext.SetData(RuntimeSetting, (ulong)limit);
        try
        {
            GC.RefreshMemoryLimit();
        }
        catch (InvalidOperationException error)
        {
            throw new ConfigurationException($"{Key} = {limit / (1024 * 1024)}MiB is less than the heap already holds ({error.Message}).");
        }
    }
}
