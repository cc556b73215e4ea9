using System.Numerics;

namespace MediaActors.Delivery;

/// <summary>
/// A lock-free histogram of durations in microseconds, log-linear (16 buckets per power of two, so
/// a percentile is off by at most 1/16), cheap enough to record every frame sent to every client
/// from many actors at once. Its buckets only grow: <see cref="TakeSummary"/> reports what came
/// since the last summary (for the log), <see cref="Snapshot"/> everything so far (for metrics),
/// and neither disturbs the other.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 4;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int Powers = 40;
    private const int BucketCount = Powers * SubBuckets;

    /// <summary>The upper bound of the last bucket (about 17 days): larger values are recorded as it.</summary>
    private static readonly long Ceiling = UpperBoundOf(BucketCount - 1);

    /// <summary>Per bucket, its sample count and the sum of its samples (µs), side by side: one cache line for both.</summary>
    private readonly long[] _counts = new long[BucketCount * 2];

    /// <summary>The counts as the last summary saw them (only summaries touch it).</summary>
    private readonly long[] _summarized = new long[BucketCount];
    private long _max;

    public void Record(long micros)
    {
        micros = Math.Clamp(micros, 0, Ceiling);
        var bucket = BucketOf(micros) * 2;
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _counts[bucket + 1], micros);
        long seen;
        while (micros > (seen = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, micros, seen) != seen)
        {
        }
    }

    /// <summary>
    /// The samples since the last call (exactly: a sample recorded meanwhile is in this summary or
    /// the next): how many, the 50th, 99th and 99.9th percentiles (each bucket's upper bound, at
    /// most the largest sample) and the largest. Calls are serialised; one reader takes summaries.
    /// </summary>
    public LatencySummary TakeSummary()
    {
        var counts = new long[BucketCount];
        lock (_summarized)
        {
            for (var bucket = 0; bucket < counts.Length; bucket++)
            {
                var now = Volatile.Read(ref _counts[bucket * 2]);
                counts[bucket] = now - _summarized[bucket];
                _summarized[bucket] = now;
            }
        }

        var max = TimeSpan.FromMicroseconds(Interlocked.Exchange(ref _max, 0));
        var total = counts.Sum();
        // A bucket's upper bound can lie above every sample in it.
        TimeSpan At(double fraction) => Min(Percentile(counts, total, fraction), max);
        return new LatencySummary(total, At(0.50), At(0.99), At(0.999), max);
    }

    /// <summary>
    /// Every sample so far, without taking anything out: per non-empty bucket its bounds, count and
    /// sum. A sample recorded meanwhile may have its count in this snapshot and its sum only in
    /// the next (each is read once, never torn).
    /// </summary>
    public LatencySnapshot Snapshot()
    {
        var buckets = new List<LatencyBucket>();
        for (var bucket = 0; bucket < BucketCount; bucket++)
        {
            var count = Volatile.Read(ref _counts[bucket * 2]);
            if (count > 0)
            {
                buckets.Add(new LatencyBucket(LowerBoundOf(bucket), UpperBoundOf(bucket), count, Volatile.Read(ref _counts[bucket * 2 + 1])));
            }
        }

        return new LatencySnapshot(buckets);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Values below 16 µs have a bucket each; above, each power of two is cut into 16.</summary>
    private static int BucketOf(long micros)
    {
        if (micros < SubBuckets)
        {
            return (int)micros;
        }

        var power = 63 - BitOperations.LeadingZeroCount((ulong)micros);
        var subBucket = (int)(micros >> (power - SubBucketBits)) & (SubBuckets - 1);
        return Math.Min((power - SubBucketBits + 1) * SubBuckets + subBucket, BucketCount - 1);
    }

    private static long LowerBoundOf(int bucket) => bucket == 0 ? 0 : UpperBoundOf(bucket - 1) + 1;

    private static long UpperBoundOf(int bucket)
    {
        if (bucket < SubBuckets)
        {
            return bucket;
        }

        var power = bucket / SubBuckets + SubBucketBits - 1;
        var subBucket = bucket % SubBuckets;
        return ((long)(SubBuckets + subBucket + 1) << (power - SubBucketBits)) - 1;
    }

    private static TimeSpan Percentile(long[] counts, long total, double fraction)
    {
        if (total == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (long)Math.Ceiling(total * fraction);
        long seen = 0;
        for (var bucket = 0; bucket < counts.Length; bucket++)
        {
            seen += counts[bucket];
            if (seen >= rank)
            {
                return TimeSpan.FromMicroseconds(UpperBoundOf(bucket));
            }
        }
        return TimeSpan.FromMicroseconds(UpperBoundOf(counts.Length - 1));
    }
}

/// <summary>One bucket of a <see cref="LatencyHistogram"/>: samples from <paramref name="LowerMicros"/> to <paramref name="UpperMicros"/> (inclusive), how many, and their sum.</summary>
public readonly record struct LatencyBucket(long LowerMicros, long UpperMicros, long Count, long SumMicros);

/// <summary>Everything a <see cref="LatencyHistogram"/> has recorded: its non-empty buckets, smallest first.</summary>
public sealed record LatencySnapshot(IReadOnlyList<LatencyBucket> Buckets)
{
    public long Count => Buckets.Sum(bucket => bucket.Count);

    public long SumMicros => Buckets.Sum(bucket => bucket.SumMicros);
}

/// <summary>What a <see cref="LatencyHistogram"/> holds: the number of samples and its percentiles.</summary>
public sealed record LatencySummary(long Count, TimeSpan P50, TimeSpan P99, TimeSpan P999, TimeSpan Max)
{
    public override string ToString() =>
        $"{Count} samples, p50 {P50.TotalMilliseconds:0.###} ms, p99 {P99.TotalMilliseconds:0.###} ms, p99.9 {P999.TotalMilliseconds:0.###} ms, max {Max.TotalMilliseconds:0.###} ms";
}
