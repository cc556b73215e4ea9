using System.Globalization;

namespace MediaActors.Tests.Infrastructure;

/// <summary>Reads ffmpeg's framecrc listing ("#tb N: a/b" headers, then "stream, dts, pts, duration, size, crc" lines).</summary>
public static class FrameCrc
{
    /// <summary>How far apart the tracks of a recording may start (s); see <see cref="AssertAudioAndVideoInSyncAsync"/>.</summary>
    private const double StartTolerance = 0.15;

    /// <summary>The first presentation time, the end of the last packet and the last packet's duration (s) of one stream.</summary>
    public static (double Start, double End, double PacketDuration) StreamSpan(string listing, int stream)
    {
        var lines = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var timeBase = lines.First(line => line.StartsWith($"#tb {stream}:", StringComparison.Ordinal))[$"#tb {stream}:".Length..].Trim().Split('/');
        var secondsPerTick = double.Parse(timeBase[0], CultureInfo.InvariantCulture) / double.Parse(timeBase[1], CultureInfo.InvariantCulture);
        var packets = lines.Where(line => !line.StartsWith('#')).Select(line => line.Split(',', StringSplitOptions.TrimEntries))
            .Where(fields => fields[0] == stream.ToString(CultureInfo.InvariantCulture))
            .Select(fields => (Pts: long.Parse(fields[2], CultureInfo.InvariantCulture), Duration: long.Parse(fields[3], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.NotEmpty(packets);
        return (packets[0].Pts * secondsPerTick, (packets[^1].Pts + packets[^1].Duration) * secondsPerTick, packets[^1].Duration * secondsPerTick);
    }

    /// <summary>
    /// Records <paramref name="seconds"/> of every stream of <paramref name="url"/> over TCP with `-c copy` and asserts the
    /// tracks start together and last as long as each other, as FFmpeg aligns them by the RTCP sender reports. "Together"
    /// allows <see cref="StartTolerance"/>: the video starts with the newest picture there is (and the GOP cache's older
    /// ones, 1 ms apart), captured a frame interval plus the encoder's latency before the player joined, the audio with a
    /// chunk captured as it joined; idle that age is 0–70 ms, on a loaded machine the encoder's latency adds to it.
    /// </summary>
    /// <returns>How far apart the tracks started, how much their lengths differ, and how long an audio packet is (s).</returns>
    public static async Task<(double StartDifference, double LengthDifference, double AudioPacket)> AssertAudioAndVideoInSyncAsync(string url, int seconds = 10)
    {
        var result = await ExternalTool.RunAsync("ffmpeg", new[]
        {
            "-hide_banner", "-loglevel", "error", "-rtsp_transport", "tcp", "-timeout", "10000000", "-i", url,
            "-t", seconds.ToString(CultureInfo.InvariantCulture), "-map", "0", "-c", "copy", "-f", "framecrc", "-",
        }, TimeSpan.FromSeconds(seconds + 30));
        Assert.True(result.ExitCode == 0, result.ToString());

        var video = StreamSpan(result.StandardOutput, stream: 0);
        var audio = StreamSpan(result.StandardOutput, stream: 1);
        Assert.InRange(Math.Abs(video.Start - audio.Start), 0, StartTolerance);
        Assert.InRange(Math.Abs((video.End - video.Start) - (audio.End - audio.Start)), 0, StartTolerance);
        Assert.InRange(video.End - video.Start, seconds - 1, seconds + 0.5);
        return (Math.Abs(video.Start - audio.Start), Math.Abs((video.End - video.Start) - (audio.End - audio.Start)), audio.PacketDuration);
    }
}
