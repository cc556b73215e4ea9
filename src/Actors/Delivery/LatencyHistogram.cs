using System.Numerics;

namespace MediaActors.Delivery;

/// <summary>
/// A lock-free histogram of durations in microseconds, log-linear (16 buckets per power of two, so
/// a percentile is off by at most 1/16), cheap enough to record every frame sent to every client
/// from many actors at once.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 4;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int Powers = 40;

    /// <summary>The upper bound of the last bucket (about 17 days): larger values are recorded as it.</summary>
    private static readonly long Ceiling = UpperBoundOf(Powers * SubBuckets - 1);

    private readonly long[] _counts = new long[Powers * SubBuckets];
    private long _max;

    public void Record(long micros)
    {
        micros = Math.Clamp(micros, 0, Ceiling);
        Interlocked.Increment(ref _counts[BucketOf(micros)]);
        long seen;
        while (micros > (seen = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, micros, seen) != seen)
        {
        }
    }

    /// <summary>
    /// The samples since the last call, which are taken out (exactly: a sample recorded meanwhile is
    /// in this summary or the next): how many, the 50th, 99th and 99.9th percentiles (each bucket's
    /// upper bound, at most the largest sample) and the largest.
    /// </summary>
    public LatencySummary TakeSummary()
    {
        var counts = new long[_counts.Length];
        for (var bucket = 0; bucket < counts.Length; bucket++)
        {
            counts[bucket] = Interlocked.Exchange(ref _counts[bucket], 0);
        }

        var max = TimeSpan.FromMicroseconds(Interlocked.Exchange(ref _max, 0));
        var total = counts.Sum();
        // A bucket's upper bound can lie above every sample in it.
        TimeSpan At(double fraction) => Min(Percentile(counts, total, fraction), max);
        return new LatencySummary(total, At(0.50), At(0.99), At(0.999), max);
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
        return Math.Min((power - SubBucketBits + 1) * SubBuckets + subBucket, Powers * SubBuckets - 1);
    }

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

/// <summary>What a <see cref="LatencyHistogram"/> holds: the number of samples and its percentiles.</summary>
public sealed record LatencySummary(long Count, TimeSpan P50, TimeSpan P99, TimeSpan P999, TimeSpan Max)
{
    public override string ToString() =>
        $"{Count} samples, p50 {P50.TotalMilliseconds:0.###} ms, p99 {P99.TotalMilliseconds:0.###} ms, p99.9 {P999.TotalMilliseconds:0.###} ms, max {Max.TotalMilliseconds:0.###} ms";
}
