using System.Diagnostics.Tracing;
using MediaActors.Delivery;

namespace MediaActors.Host;

/// <summary>
/// Measures every pause of the garbage collector in this process, from the runtime's own events:
/// from the moment it starts suspending the threads for a collection until it lets them run
/// again, which is how long media stood still. A process has one collector: <see cref="Process"/>
/// is the one listener the log and the metrics share.
/// </summary>
public sealed class GcPauses : EventListener
{
    private const string RuntimeEventSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int RestartEEEndEvent = 3;
    private const int SuspendEEBeginEvent = 9;

    /// <summary>SUSPEND_FOR_GC and SUSPEND_FOR_GC_PREP; the runtime also suspends for its debugger and code patching.</summary>
    private static readonly HashSet<uint> CollectionReasons = [1, 6];

    private static readonly Lazy<GcPauses> Shared = new(() => new GcPauses());

    private readonly LatencyHistogram _pauses = new();
    private long _suspendingSinceTicks;

    /// <summary>The process's listener, started on first use and kept for the process's life.</summary>
    public static GcPauses Process => Shared.Value;

    /// <summary>The pauses since the last call (taken out).</summary>
    public LatencySummary TakeSummary() => _pauses.TakeSummary();

    /// <summary>Every pause since the listener started (nothing taken out).</summary>
    public LatencySnapshot Snapshot() => _pauses.Snapshot();

    protected override void OnEventSourceCreated(EventSource source)
    {
        // Called from the base constructor for sources that exist already: only fields with
        // initializers are ready here.
        if (source.Name == RuntimeEventSource)
        {
            EnableEvents(source, EventLevel.Informational, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs written)
    {
        switch (written.EventId)
        {
            case SuspendEEBeginEvent:
                // A suspension for something else (or a lost restart event) must not end up timed as a collection.
                Interlocked.Exchange(ref _suspendingSinceTicks, IsForCollection(written) ? written.TimeStamp.Ticks : 0);
                break;
            case RestartEEEndEvent:
                var since = Interlocked.Exchange(ref _suspendingSinceTicks, 0);
                if (since != 0)
                {
                    _pauses.Record((written.TimeStamp.Ticks - since) / TimeSpan.TicksPerMicrosecond);
                }

                break;
        }
    }

    private static bool IsForCollection(EventWrittenEventArgs written) =>
        written.PayloadNames?.IndexOf("Reason") is >= 0 and var index
        && written.Payload![index] is uint reason
        && CollectionReasons.Contains(reason);
}
