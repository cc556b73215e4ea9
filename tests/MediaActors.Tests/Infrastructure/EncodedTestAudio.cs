using MediaActors.Protocol.Codecs.Aac;

namespace MediaActors.Tests.Infrastructure;

/// <summary>Two seconds of a 440 Hz tone at 8 kHz mono, encoded once per run by ffmpeg: what a board's audio encoder hands out.</summary>
public static class EncodedTestAudio
{
    public const int SampleRate = 8000;
    private static readonly Dictionary<AudioType, Lazy<Task<IReadOnlyList<byte[]>>>> Chunks = new()
    {
        [AudioType.Pcmu] = new(() => EncodeAsync("mulaw", "pcm_mulaw", SplitEvery20Ms)),
        [AudioType.Pcma] = new(() => EncodeAsync("alaw", "pcm_alaw", SplitEvery20Ms)),
        [AudioType.Aac] = new(() => EncodeAsync("adts", "aac", SplitAdtsFrames)),
    };

    /// <summary>The chunks a capture loop sends: 20 ms of G.711 (160 bytes) or one ADTS frame (1024 samples) each.</summary>
    public static Task<IReadOnlyList<byte[]>> GetChunksAsync(AudioType type) => Chunks[type].Value;

    /// <summary>Chunks per second: 50 for G.711, 8000 / 1024 for AAC.</summary>
    public static double ChunksPerSecond(AudioType type) => type == AudioType.Aac ? SampleRate / 1024.0 : 50;

    private static async Task<IReadOnlyList<byte[]>> EncodeAsync(string format, string codec, Func<byte[], IReadOnlyList<byte[]>> split)
    {
        var output = Path.Combine(Path.GetTempPath(), $"mediaactors-tone-{Guid.NewGuid():N}.{format}");
        try
        {
            var result = await ExternalTool.RunAsync("ffmpeg", new[]
            {
                "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate={SampleRate}",
                "-t", "2", "-ac", "1", "-c:a", codec, "-f", format, "-y", output,
            }, TimeSpan.FromSeconds(30));
            Assert.True(result.ExitCode == 0, result.ToString());
            return split(await File.ReadAllBytesAsync(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static IReadOnlyList<byte[]> SplitEvery20Ms(byte[] samples) =>
        samples.Chunk(SampleRate / 50).ToList();

    private static IReadOnlyList<byte[]> SplitAdtsFrames(byte[] stream)
    {
        var frames = new List<byte[]>();
        for (var offset = 0; offset < stream.Length && AdtsHeader.TryParse(stream.AsSpan(offset), out var header);)
        {
            frames.Add(stream.AsSpan(offset, header.FrameLength).ToArray());
            offset += header.FrameLength;
        }
        Assert.NotEmpty(frames);
        return frames;
    }
}
