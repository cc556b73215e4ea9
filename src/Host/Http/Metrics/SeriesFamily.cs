using Prometheus;

namespace MediaActors.Host.Http.Metrics;

/// <summary>
/// A labelled metric whose series not set in a scrape are removed at its end (a session, source or
/// kind of actor that is gone).
/// </summary>
internal abstract class SeriesFamily
{
    public abstract void Sweep();

    /// <summary>Removes the series whose first label is <paramref name="value"/> (a session's, where the session is the first label).</summary>
    public abstract void RemoveSeriesOf(string value);
}

internal sealed class SeriesFamily<TChild>(Collector<TChild> collector) : SeriesFamily where TChild : ChildBase
{
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);

    /// <summary>A gauge takes the value; a counter is raised to it (a counter never goes down).</summary>
    public void Set(double value, params string[] labels)
    {
        _set.Add(string.Join('\0', labels));
        switch (collector.WithLabels(labels))
        {
            case Gauge.Child gauge:
                gauge.Set(value);
                break;
            case Counter.Child counter:
                counter.IncTo(value);
                break;
        }
    }

    public override void Sweep()
    {
        foreach (var labels in collector.GetAllLabelValues().ToList())
        {
            if (!_set.Contains(string.Join('\0', labels)))
            {
                collector.RemoveLabelled(labels);
            }
        }

        _set.Clear();
    }

    public override void RemoveSeriesOf(string value)
    {
        foreach (var labels in collector.GetAllLabelValues().Where(labels => labels[0] == value).ToList())
        {
            collector.RemoveLabelled(labels);
        }
    }
}
