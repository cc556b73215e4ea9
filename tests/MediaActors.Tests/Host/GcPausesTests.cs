using MediaActors.Host;

namespace MediaActors.Tests.Host;

/// <summary>GcPauses hears the runtime's own events: every forced collection is a pause it times.</summary>
public sealed class GcPausesTests
{
    [Fact]
    public async Task Forced_collections_are_counted_as_pauses_with_their_length()
    {
        using var pauses = new GcPauses();
        pauses.TakeSummary();

        for (var i = 0; i < 5; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        }

        // The runtime hands its events to listeners asynchronously.
        var seen = 0L;
        var maxMicros = 0.0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (seen < 5)
        {
            await Task.Delay(100, deadline.Token);
            var summary = pauses.TakeSummary();
            seen += summary.Count;
            maxMicros = Math.Max(maxMicros, summary.Max.TotalMicroseconds);
        }
        Assert.InRange(seen, 5, 50);
        Assert.InRange(maxMicros, 1, 5_000_000);
    }
}
