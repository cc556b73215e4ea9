using System.Globalization;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

/// <summary>
/// The host passes the K230 sample's constant timestamp 1000 for every frame; the recorded
/// stream must still advance by one frame interval (33.3 ms at 30 fps) per frame.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class FrameTimingTests(ServeFixture fixture)
{
    [Fact]
    public async Task Ffmpeg_records_five_seconds_with_frames_33ms_apart()
    {
        // A host that has just started still warms up (JIT, the encoder's first pictures: the sensor
        // drops a few frames in the first seconds), and with the GOP cache the recording starts at
        // once, one GOP back: measure the steady state.
        await fixture.Serve.RunningForAsync(TimeSpan.FromSeconds(5));
        var frames = await RecordFramesAsync(fixture.Url, "tcp", seconds: 5);

        Assert.True(frames.Count >= 140, $"recorded {frames.Count} frames in 5 s, expected at least 140");
        var allDeltasMs = frames.IntervalsMs();
        Assert.True(allDeltasMs.All(delta => delta is >= 1 and <= 100),
            $"frame intervals outside 1-100 ms: {string.Join(" ", allDeltasMs.Select(d => d.ToString("0", CultureInfo.InvariantCulture)))}");
        // The recording starts with the GOP cache's catch-up (the current GOP, 1 ms apart), then live.
        var deltasMs = allDeltasMs.SkipWhile(delta => delta < 2).ToList();
        Assert.True(allDeltasMs.Count - deltasMs.Count < 30, "the catch-up is longer than one GOP");
        Assert.InRange(deltasMs.Average(), 31.3, 35.3);
        var withinFiveMs = deltasMs.Count(d => Math.Abs(d - 1000.0 / 30) <= 5) / (double)deltasMs.Count;
        Assert.True(withinFiveMs >= 0.9, $"only {withinFiveMs:P0} of frame intervals are within 5 ms of 33.3 ms: {string.Join(", ", deltasMs.Select(d => d.ToString("0.#", CultureInfo.InvariantCulture)))}");
    }

    /// <summary>Records with `ffmpeg -c copy` into framecrc, which lists every packet's pts in the stream's time base.</summary>
    internal static async Task<RecordedFrames> RecordFramesAsync(string url, string transport, int seconds)
    {
        var result = await ExternalTool.RunAsync("ffmpeg", new[]
        {
            "-hide_banner", "-loglevel", "error", "-rtsp_transport", transport, "-timeout", "10000000",
            "-i", url, "-t", seconds.ToString(CultureInfo.InvariantCulture), "-map", "0:v", "-c", "copy", "-f", "framecrc", "-",
        }, TimeSpan.FromSeconds(seconds + 30));
        Assert.True(result.ExitCode == 0, result.ToString());
        return RecordedFrames.ParseFrameCrc(result.StandardOutput);
    }
}

/// <summary>The video packets of a framecrc listing: "#tb 0: 1/90000" then "stream, dts, pts, duration, size, crc" lines.</summary>
internal sealed class RecordedFrames : List<(long Dts, long Pts, int Size)>
{
    public double TimeBase { get; private init; }

    /// <summary>
    /// The intervals between the frames' pts in milliseconds, from the second frame on: FFmpeg's RTSP
    /// demuxer gives its first two packets the same pts whatever the server (gst-rtsp-server too).
    /// </summary>
    public List<double> IntervalsMs()
    {
        var measured = this.Skip(1).ToList();
        return measured.Zip(measured.Skip(1), (a, b) => (b.Pts - a.Pts) * 1000.0 / TimeBase).ToList();
    }

    public static RecordedFrames ParseFrameCrc(string listing)
    {
        var timeBase = 0.0;
        var frames = new List<(long, long, int)>();
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("#tb 0:", StringComparison.Ordinal))
            {
                var fraction = line["#tb 0:".Length..].Trim().Split('/');
                timeBase = double.Parse(fraction[1], CultureInfo.InvariantCulture) / double.Parse(fraction[0], CultureInfo.InvariantCulture);
            }
            else if (!line.StartsWith('#'))
            {
                var fields = line.Split(',', StringSplitOptions.TrimEntries);
                if (fields[0] == "0")
                {
                    frames.Add((long.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[4], CultureInfo.InvariantCulture)));
                }
            }
        }
        Assert.True(timeBase > 0, "framecrc listing without a time base:\n" + listing);
        var recorded = new RecordedFrames { TimeBase = timeBase };
        recorded.AddRange(frames);
        return recorded;
    }
}
