using System.Diagnostics;
using MediaActors.Tests.Browser;
using Microsoft.Playwright;

namespace MediaActors.BrowserTiming;

/// <summary>
/// One timing run in one headless chromium: the warm-up loads, the timed loads (each a fresh
/// context and page, closed once its first picture is in), then one page watched for a while.
/// </summary>
public static class TimingRun
{
    public static async Task<TimingResult> RunAsync(TimingOptions options, TextWriter log)
    {
        var errors = new List<string>();
        await using var chromium = await Chromium.LaunchAsync(options.ChromiumPath);
        Log(log, $"chromium {chromium.Version}");
        var warmUps = new List<PageTimes>();
        for (var i = 0; i < options.WarmUpLoads; i++)
        {
            warmUps.Add(await LoadAsync(chromium, options, $"warm-up load {i + 1}", errors, log));
        }

        var loads = new List<PageTimes>();
        for (var i = 0; i < options.Loads; i++)
        {
            loads.Add(await LoadAsync(chromium, options, $"load {i + 1}", errors, log));
        }

        var watch = options.Watch > TimeSpan.Zero ? await WatchAsync(chromium, options, errors, log) : null;
        return new TimingResult(chromium.Version, options.Page.ToString(), warmUps, loads,
            Summary.Of(loads.Select(load => load.PictureMs).OfType<double>()),
            Summary.Of(loads.Select(load => load.FirstFragmentMs).OfType<double>()),
            Summary.Of(loads.Select(load => load.PageReadyMs).OfType<double>()),
            Summary.Of(loads.Select(load => load.SocketOpenMs).OfType<double>()),
            watch, errors);
    }

    private static async Task<PageTimes> LoadAsync(Chromium chromium, TimingOptions options, string name, List<string> errors, TextWriter log)
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OpenAsync(context, options, name, errors);
        var times = await PageTimes.ReadAsync(page);
        Log(log, $"{name}: page in {Ms(times.PageReceivedMs)}, ready {Ms(times.PageReadyMs)}, socket open {Ms(times.SocketOpenMs)}, first message {Ms(times.FirstMessageMs)}, first fragment {Ms(times.FirstFragmentMs)}, " +
                 $"first decoded {Ms(times.FirstDecodedMs)}, first frame presented {Ms(times.FirstFrameMs)}");
        return times;
    }

    /// <summary>A new page of <paramref name="context"/> at the player, once it shows a picture (or the timeout passed, which is recorded).</summary>
    private static async Task<IPage> OpenAsync(IBrowserContext context, TimingOptions options, string name, List<string> errors)
    {
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync(PageTimes.InitScript);
        try
        {
            await page.GotoAsync(options.Page.ToString());
            await PageTimes.WaitForPictureAsync(page, options.PictureTimeout);
        }
        catch (Exception error) when (error is TimeoutException or PlaywrightException)
        {
            errors.Add($"{name}: {error.Message.Split('\n')[0]}");
        }

        return page;
    }

    /// <summary>One more page, sampled every <see cref="TimingOptions.SampleInterval"/> for <see cref="TimingOptions.Watch"/> after its first picture.</summary>
    private static async Task<WatchResult> WatchAsync(Chromium chromium, TimingOptions options, List<string> errors, TextWriter log)
    {
        await using var context = await chromium.NewContextAsync();
        var page = await OpenAsync(context, options, "watched page", errors);
        var first = await PlayerState.ReadAsync(page);
        var samples = new List<LatencySample>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < options.Watch)
        {
            await Task.Delay(options.SampleInterval);
            if ((await PlayerState.ReadAsync(page)).LatencyS is { } latency)
            {
                samples.Add(new LatencySample(Math.Round(clock.Elapsed.TotalSeconds, 2), Math.Round(latency * 1000, 1)));
            }
        }

        var last = await PlayerState.ReadAsync(page);
        var late = samples.Where(sample => sample.AtS >= options.LatencyFrom.TotalSeconds).Select(sample => sample.LatencyMs);
        var result = new WatchResult(Math.Round(clock.Elapsed.TotalSeconds, 2), options.LatencyFrom.TotalSeconds, samples, Summary.Of(late),
            Math.Round(last.CurrentTime - first.CurrentTime, 2), last.DecodedFrames - first.DecodedFrames, last.DroppedFrames - first.DroppedFrames,
            last.State, last.LastError);
        Log(log, $"watched {result.Seconds:0.0} s: latency (ms) {string.Join(' ', samples.Select(sample => sample.LatencyMs.ToString("0")))}; " +
                 $"{result.FramesDecoded} frames decoded, {result.FramesDropped} dropped, state {result.State}");
        return result;
    }

    private static string Ms(double? milliseconds) => milliseconds is { } value ? $"{value:0} ms" : "never";

    private static void Log(TextWriter log, string line) => log.WriteLine("browsertiming: " + line);
}
