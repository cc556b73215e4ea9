namespace MediaActors.BrowserTiming;

/// <summary>The minimum, median, 90th percentile (nearest rank) and maximum of some times in milliseconds.</summary>
public sealed record Summary(int Count, double Min, double Median, double P90, double Max)
{
    /// <summary>Null when there is no value.</summary>
    public static Summary? Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        var p90 = sorted[Math.Max(0, (int)Math.Ceiling(0.9 * sorted.Length) - 1)];
        return new Summary(sorted.Length, Round(sorted[0]), Round(median), Round(p90), Round(sorted[^1]));
    }

    private static double Round(double value) => Math.Round(value, 1);
}
