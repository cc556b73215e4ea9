using System.Globalization;
using System.Text.Json;

namespace MediaActors.Tests.Infrastructure;

/// <summary>One stream of an MP4 file as ffprobe reads it, every frame counted.</summary>
public sealed record Mp4Stream(string CodecName, int? Width, int? Height, int Frames, double? Duration);

/// <summary>ffprobe (and ffmpeg's decoder) on an MP4 file: what a recording or a muxed live stream holds.</summary>
public static class Mp4Probe
{
    public static async Task<(IReadOnlyList<Mp4Stream> Streams, double Duration)> ProbeAsync(string path)
    {
        var result = await ExternalTool.RunAsync("ffprobe", new[]
        {
            "-v", "error", "-count_frames", "-show_entries", "stream=codec_name,width,height,nb_read_frames,duration:format=duration", "-of", "json", path,
        }, TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        var root = JsonDocument.Parse(result.StandardOutput).RootElement;
        var streams = root.GetProperty("streams").EnumerateArray().Select(stream => new Mp4Stream(
            stream.GetProperty("codec_name").GetString()!,
            stream.TryGetProperty("width", out var width) ? width.GetInt32() : null,
            stream.TryGetProperty("height", out var height) ? height.GetInt32() : null,
            stream.TryGetProperty("nb_read_frames", out var frames) ? int.Parse(frames.GetString()!, CultureInfo.InvariantCulture) : 0,
            stream.TryGetProperty("duration", out var duration) ? double.Parse(duration.GetString()!, CultureInfo.InvariantCulture) : null)).ToList();
        var formatDuration = root.GetProperty("format").TryGetProperty("duration", out var total)
            ? double.Parse(total.GetString()!, CultureInfo.InvariantCulture)
            : 0;
        return (streams, formatDuration);
    }

    /// <summary>The presentation times (seconds) of the video keyframes, in order.</summary>
    public static async Task<IReadOnlyList<double>> KeyframeTimesAsync(string path)
    {
        var result = await ExternalTool.RunAsync("ffprobe", new[]
        {
            "-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey", "-show_entries", "frame=pts_time", "-of", "csv=p=0", path,
        }, TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => double.Parse(line.TrimEnd(','), CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>
    /// A closed recording segment was split as the recorder promises: at the first keyframe at least
    /// <paramref name="segmentDuration"/> after its own first one. No keyframe inside it is that late,
    /// and it lasts that long at least (less one frame, <paramref name="frameSlack"/>). Its length
    /// otherwise depends on how far apart the encoder put its keyframes, which a loaded machine stretches.
    /// </summary>
    public static async Task AssertSplitAtFirstKeyframeAfterAsync(string path, double duration, TimeSpan segmentDuration, double frameSlack = 0.1)
    {
        var keyframes = await KeyframeTimesAsync(path);
        Assert.NotEmpty(keyframes);
        Assert.All(keyframes.Skip(1), keyframe => Assert.True(keyframe - keyframes[0] < segmentDuration.TotalSeconds,
            $"{path}: a keyframe {keyframe - keyframes[0]:F3} s into the segment should have begun the next one (keyframes at {string.Join(", ", keyframes)})"));
        Assert.True(duration >= segmentDuration.TotalSeconds - frameSlack, $"{path}: {duration:F3} s, shorter than {segmentDuration.TotalSeconds} s");
    }

    /// <summary>
    /// Decodes the whole file; returns what ffmpeg said on stderr at error level (empty: it decoded
    /// cleanly). Frames keep the file's own times (a live source's are not a constant rate; ffmpeg's
    /// default output clock of 1/fps would call two frames 1 ms apart one time).
    /// </summary>
    public static async Task<string> DecodeErrorsAsync(string path)
    {
        var result = await ExternalTool.RunAsync("ffmpeg",
            new[] { "-v", "error", "-i", path, "-fps_mode", "passthrough", "-enc_time_base", "-1", "-f", "null", "-" }, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardError.Trim();
    }
}
