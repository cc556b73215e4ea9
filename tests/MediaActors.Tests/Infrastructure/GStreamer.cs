namespace MediaActors.Tests.Infrastructure;

/// <summary>What a gst-launch-1.0 decoding run reported.</summary>
public sealed record DecodeResult(ToolResult Run, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Run.ExitCode == 0 && !Run.TimedOut && Problems.Count == 0;

    public override string ToString() => Problems.Count == 0 ? Run.ToString() : "GStreamer reported problems:\n" + string.Join('\n', Problems);
}

/// <summary>Plays an RTSP URL with rtspsrc into a decoder, as a GStreamer-based player would.</summary>
public static class GStreamer
{
    // Warnings of the elements that see the stream: depayloaders, parsers, jitter buffer, decoders.
    // (Plugin scanning and rtspsrc's own shutdown chatter are not about the stream.)
    private const string DecodingPathWarnings =
        "rtph264depay:2,rtph265depay:2,h264parse:2,h265parse:2,rtpjitterbuffer:2,libav:2,videodecoder:2,audiodecoder:2";

    /// <summary>rtspsrc → <paramref name="decodeChain"/> → identity (EOS after <paramref name="frames"/> buffers) → fakesink.</summary>
    public static async Task<DecodeResult> DecodeAsync(string url, string protocol, string decodeChain, int frames)
    {
        var arguments = new List<string> { "-q", "rtspsrc", $"location={url}", $"protocols={protocol}", "latency=200", "!" };
        arguments.AddRange(decodeChain.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        arguments.AddRange(new[] { "!", "identity", $"eos-after={frames}", "!", "fakesink", "sync=false" });
        var run = await ExternalTool.RunAsync("gst-launch-1.0", arguments, TimeSpan.FromSeconds(40),
            new Dictionary<string, string> { ["GST_DEBUG"] = DecodingPathWarnings });
        var problems = (run.StandardError + run.StandardOutput)
            .Split('\n')
            .Where(line => line.Contains("ERROR", StringComparison.Ordinal) || line.Contains("WARN", StringComparison.Ordinal))
            .ToList();
        return new DecodeResult(run, problems);
    }
}
