using MediaActors.Delivery;

namespace MediaActors.Tests.Delivery;

/// <summary>The send-latency histogram: percentiles within its 1/16 resolution, exact counts under concurrent recording.</summary>
public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_within_a_sixteenth_above_the_true_value()
    {
        var histogram = new LatencyHistogram();
        for (var micros = 1; micros <= 10_000; micros++)
        {
            histogram.Record(micros);
        }

        var summary = histogram.TakeSummary();

        Assert.Equal(10_000, summary.Count);
        Assert.InRange(summary.P50.TotalMicroseconds, 5_000, 5_000 * 17 / 16.0);
        Assert.InRange(summary.P99.TotalMicroseconds, 9_900, 9_900 * 17 / 16.0);
        Assert.Equal(10_000, summary.Max.TotalMicroseconds);
    }

    [Fact]
    public void Small_values_are_exact_and_huge_ones_land_in_the_last_bucket()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(3);
        histogram.Record(-5);
        histogram.Record(long.MaxValue);

        var summary = histogram.TakeSummary();

        Assert.Equal(3, summary.Count);
        Assert.Equal(3, summary.P50.TotalMicroseconds);
        Assert.True(summary.Max > TimeSpan.FromDays(1), $"the largest is {summary.Max}");
    }

    [Fact]
    public async Task Concurrent_samples_are_all_counted_once_across_summaries()
    {
        var histogram = new LatencyHistogram();
        long summarized = 0;
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                histogram.Record(i % 5_000);
            }
        })).ToArray();
        while (!writers.All(writer => writer.IsCompleted))
        {
            summarized += histogram.TakeSummary().Count;
        }

        await Task.WhenAll(writers);
        summarized += histogram.TakeSummary().Count;

        Assert.Equal(400_000, summarized);
        Assert.Equal(0, histogram.TakeSummary().Count);
    }

    [Fact]
    public void A_snapshot_holds_everything_so_far_and_leaves_the_summaries_alone()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(3);
        histogram.Record(1_000);
        histogram.Record(1_010);
        Assert.Equal(3, histogram.TakeSummary().Count);
        histogram.Record(50_000);

        var snapshot = histogram.Snapshot();

        Assert.Equal(4, snapshot.Count);
        Assert.Equal(3 + 1_000 + 1_010 + 50_000, snapshot.SumMicros);
        Assert.All(snapshot.Buckets, bucket => Assert.InRange(bucket.SumMicros, bucket.LowerMicros * bucket.Count, bucket.UpperMicros * bucket.Count));
        Assert.Equal(snapshot.Buckets.OrderBy(bucket => bucket.LowerMicros), snapshot.Buckets);
        Assert.Equal(1, histogram.TakeSummary().Count);
        Assert.Equal(4, histogram.Snapshot().Count);
    }
}
