using System.Text.Json;

namespace MediaActors.BrowserTiming;

/// <summary>The outcome of a timing run, printed as one line of JSON with snake_case names.</summary>
/// <param name="FirstFrameMs">Over the timed loads: navigation start to the first picture (<see cref="PageTimes.PictureMs"/>).</param>
/// <param name="FirstFragmentMs">Over the timed loads: navigation start to the page's first fragment.</param>
/// <param name="Errors">Loads that showed no picture in time, and pages that failed, in words.</param>
public sealed record TimingResult(
    string Chromium,
    string Page,
    IReadOnlyList<PageTimes> WarmUpLoads,
    IReadOnlyList<PageTimes> Loads,
    Summary? FirstFrameMs,
    Summary? FirstFragmentMs,
    Summary? PageReadyMs,
    Summary? SocketOpenMs,
    WatchResult? Watch,
    IReadOnlyList<string> Errors)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>One page watched for a while after its first picture.</summary>
/// <param name="Samples">Every sample taken.</param>
/// <param name="LatencyMs">The samples from <see cref="TimingOptions.LatencyFrom"/> on.</param>
/// <param name="PictureAdvancedS">How far the picture moved (its currentTime) while watched.</param>
public sealed record WatchResult(
    double Seconds,
    double LatencyFromS,
    IReadOnlyList<LatencySample> Samples,
    Summary? LatencyMs,
    double PictureAdvancedS,
    int FramesDecoded,
    int FramesDropped,
    string State,
    string? LastError);

/// <summary>How far the picture was behind the newest data received, <paramref name="AtS"/> seconds after the first picture.</summary>
public sealed record LatencySample(double AtS, double LatencyMs);
