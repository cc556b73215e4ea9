using System.Globalization;
using System.Text.Json;

namespace MediaActors.Protocol.Tests.Mp4;

/// <summary>One stream of a file as ffprobe reports it after decoding it all (-count_frames).</summary>
internal sealed record ProbedStream(string CodecType, string CodecName, int? Width, int? Height, int? SampleRate, int? Channels, int ReadFrames);

/// <summary>A file as ffprobe reports it: its streams and the duration of the whole.</summary>
internal sealed record ProbedFile(IReadOnlyList<ProbedStream> Streams, double Duration)
{
    public ProbedStream Video => Streams.Single(stream => stream.CodecType == "video");

    public ProbedStream Audio => Streams.Single(stream => stream.CodecType == "audio");

    /// <summary>Runs ffprobe -count_frames -show_streams -show_format on <paramref name="path"/>.</summary>
    public static async Task<ProbedFile> ProbeAsync(string path)
    {
        var result = await ExternalTool.RunSuccessfullyAsync(
            "ffprobe", "-v", "error", "-count_frames", "-show_streams", "-show_format", "-of", "json", path);
        var root = JsonDocument.Parse(result.StandardOutput).RootElement;
        var streams = root.GetProperty("streams").EnumerateArray().Select(stream => new ProbedStream(
            stream.GetProperty("codec_type").GetString()!,
            stream.GetProperty("codec_name").GetString()!,
            OptionalInt(stream, "width"),
            OptionalInt(stream, "height"),
            OptionalInt(stream, "sample_rate"),
            OptionalInt(stream, "channels"),
            int.Parse(stream.GetProperty("nb_read_frames").GetString()!, CultureInfo.InvariantCulture))).ToList();
        var duration = double.Parse(root.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        return new ProbedFile(streams, duration);
    }

    /// <summary>What ffmpeg complains of while decoding all of <paramref name="path"/>: empty when nothing.</summary>
    public static async Task<string> DecodingErrorsAsync(string path)
    {
        var result = await ExternalTool.RunAsync("ffmpeg", "-hide_banner", "-v", "error", "-i", path, "-f", "null", "-");
        return result.ExitCode == 0 ? result.StandardError : result.ToString();
    }

    /// <summary>A number ffprobe writes as a JSON number (width) or string (sample_rate); null when absent.</summary>
    private static int? OptionalInt(JsonElement stream, string name) =>
        !stream.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? int.Parse(value.GetString()!, CultureInfo.InvariantCulture)
        : value.GetInt32();
}
