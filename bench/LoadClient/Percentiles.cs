namespace MediaActors.LoadClient;

/// <summary>The median, 95th percentile and maximum of a set of times in milliseconds (nearest rank).</summary>
public sealed record Percentiles(double P50, double P95, double Max)
{
    /// <summary>Null when there is no value at all.</summary>
    public static Percentiles? Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        return new Percentiles(Round(Rank(sorted, 0.50)), Round(Rank(sorted, 0.95)), Round(sorted[^1]));
    }

    private static double Rank(double[] sorted, double fraction) => sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)];

    private static double Round(double milliseconds) => Math.Round(milliseconds, 1);
}
