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
        "rtph264depay:2,rtph265depay:2,rtppcmudepay:2,rtpmp4gdepay:2,h264parse:2,h265parse:2,rtpjitterbuffer:2,libav:2,videodecoder:2,audiodecoder:2";

    /// <summary>
    /// rtspsrc (with <paramref name="sourceProperties"/> such as tls-validation-flags=0) → <paramref name="decodeChain"/>
    /// → identity (EOS after <paramref name="frames"/> buffers) → fakesink.
    /// </summary>
    public static Task<DecodeResult> DecodeAsync(string url, string protocol, string decodeChain, int frames, params string[] sourceProperties) =>
        RunAsync(["rtspsrc", $"location={url}", $"protocols={protocol}", "latency=200", .. sourceProperties, "!",
            .. decodeChain.Split(' ', StringSplitOptions.RemoveEmptyEntries), "!", .. CountedSink(frames)]);

    /// <summary>uridecodebin, as playbin and gst-play-1.0 use it: both the video and the audio branch must decode.</summary>
    /// <remarks>
    /// Each branch names the raw caps it takes: gst-launch links a bare "d." to whichever decoded
    /// pad appears first, so on a busy machine the audio pad (decoded first) took the video
    /// branch's queue, the video pad was left unlinked and the pipeline never reached EOS.
    /// </remarks>
    public static Task<DecodeResult> DecodeAudioAndVideoAsync(string url, int videoFrames, int audioBuffers) =>
        RunAsync(["uridecodebin", $"uri={url}", "name=d",
            "d.", "!", "video/x-raw", "!", "queue", "!", "videoconvert", "!", .. CountedSink(videoFrames),
            "d.", "!", "audio/x-raw", "!", "queue", "!", "audioconvert", "!", .. CountedSink(audioBuffers)]);

    private static string[] CountedSink(int buffers) => ["identity", $"eos-after={buffers}", "!", "fakesink", "sync=false"];

    private static async Task<DecodeResult> RunAsync(IEnumerable<string> pipeline)
    {
        var run = await ExternalTool.RunAsync("gst-launch-1.0", ["-q", .. pipeline], TimeSpan.FromSeconds(40),
            new Dictionary<string, string> { ["GST_DEBUG"] = DecodingPathWarnings });
        var problems = (run.StandardError + run.StandardOutput)
            .Split('\n')
            .Where(line => line.Contains("ERROR", StringComparison.Ordinal) || line.Contains("WARN", StringComparison.Ordinal))
            .ToList();
        return new DecodeResult(run, problems);
    }
}
