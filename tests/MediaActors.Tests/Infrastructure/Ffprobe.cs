using System.Text.Json;

namespace MediaActors.Tests.Infrastructure;

/// <summary>One stream as ffprobe reports it (video fields are null for audio and the other way round).</summary>
public sealed record ProbedStream(string CodecName, string? Profile, int? Width, int? Height);

/// <summary>Runs the real ffprobe against an RTSP URL.</summary>
public static class Ffprobe
{
    /// <summary>
    /// Every stream of <paramref name="url"/> in SDP order, over <paramref name="transport"/> (udp,
    /// tcp, http, udp_multicast), with further ffprobe <paramref name="options"/> (such as TLS ones).
    /// </summary>
    public static async Task<IReadOnlyList<ProbedStream>> StreamsAsync(string url, string transport, params string[] options)
    {
        string[] arguments =
        [
            "-v", "error", "-rtsp_transport", transport, "-timeout", "10000000", .. options,
            "-show_entries", "stream=codec_name,profile,width,height", "-of", "json", url,
        ];
        var result = await ExternalTool.RunAsync("ffprobe", arguments, TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("streams").EnumerateArray()
            .Select(stream => new ProbedStream(
                stream.GetProperty("codec_name").GetString()!,
                stream.TryGetProperty("profile", out var profile) ? profile.GetString() : null,
                stream.TryGetProperty("width", out var width) ? width.GetInt32() : null,
                stream.TryGetProperty("height", out var height) ? height.GetInt32() : null))
            .ToList();
    }

    /// <summary>The codec names of every stream, in SDP order.</summary>
    public static async Task<IReadOnlyList<string>> CodecsAsync(string url, string transport) =>
        (await StreamsAsync(url, transport)).Select(stream => stream.CodecName).ToList();
}
