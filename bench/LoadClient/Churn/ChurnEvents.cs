using System.Diagnostics;
using System.Text.Json;

namespace MediaActors.LoadClient.Churn;

/// <summary>
/// The churn's record for the soak: one JSON object per line (a reader playing, a silence in its
/// media, packets it lost, its leaving, a failed start), each stamped with wall-clock seconds
/// since the Unix epoch so that the soak can line them up with its own chaos events. Written by
/// many readers at once under a lock; flushed once a second by the run.
/// </summary>
public sealed class ChurnEvents(TextWriter output) : IDisposable
{
    private static readonly double WallAtStart = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
    private static readonly long StopwatchAtStart = Stopwatch.GetTimestamp();
    private readonly Lock _lock = new();

    /// <summary>A <see cref="Stopwatch"/> timestamp as wall-clock seconds (the readers' statistics keep Stopwatch times).</summary>
    public static double Wall(long stopwatchTimestamp) =>
        WallAtStart + (stopwatchTimestamp - StopwatchAtStart) / (double)Stopwatch.Frequency;

    public static double Now => Wall(Stopwatch.GetTimestamp());

    public void Write(Dictionary<string, object?> fields)
    {
        var line = JsonSerializer.Serialize(fields);
        lock (_lock)
        {
            output.WriteLine(line);
        }
    }

    public void Flush()
    {
        lock (_lock)
        {
            output.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            output.Dispose();
        }
    }
}
