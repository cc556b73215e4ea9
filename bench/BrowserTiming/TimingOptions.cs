namespace MediaActors.BrowserTiming;

/// <summary>What one timing run does.</summary>
/// <param name="Page">The player page, <c>http://host:port/&lt;session&gt;/</c>.</param>
/// <param name="Loads">Page loads timed, each in a fresh browser context (no cache, no cookies).</param>
/// <param name="WarmUpLoads">Loads before those, reported apart: the first start of the browser's renderer and decoder, and of the server's path for a viewer, is not every viewer's.</param>
/// <param name="Watch">How long one more page is watched after its first picture, sampling how far behind live it plays; zero: not at all.</param>
/// <param name="LatencyFrom">The latency summary takes the samples from this long after the first picture on.</param>
public sealed record TimingOptions(Uri Page, int Loads, int WarmUpLoads, TimeSpan Watch, TimeSpan LatencyFrom, string ChromiumPath)
{
    /// <summary>How long a page may take to show its first picture before the load counts as failed.</summary>
    public TimeSpan PictureTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the watched page is sampled.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
