namespace MediaActors.Tests.Infrastructure;

/// <summary>What a gst-launch-1.0 decoding run reported.</summary>
public sealed record DecodeResult(ToolResult Run, IReadOnlyList<string> Problems, bool ReachedEos)
{
    /// <summary>Every counted buffer passed (the pipeline's EOS), gst-launch exited 0, and nothing was wrong on the way.</summary>
    public bool Succeeded => Run.ExitCode == 0 && !Run.TimedOut && ReachedEos && Problems.Count == 0;

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
    /// <remarks>
    /// The jitter buffer stamps pictures from their RTP timestamps alone (buffer-mode=none), so the decoder judges the
    /// server's timestamps. In its default mode it blends in arrival times: when a CPU-starved machine delays a few
    /// pictures past the 200 ms latency, it restarts its clock on the late one and gives the burst behind it that same
    /// time, h264parse/h265parse drop the repeated stamps, the decoder guesses them a frame apart and then warns of a
    /// "decreasing timestamp" that the stream never had (12 runs of 40 with two busy loops beside and gst-launch printing
    /// every buffer; none of 40 alike with buffer-mode=none).
    /// </remarks>
    public static Task<DecodeResult> DecodeAsync(string url, string protocol, string decodeChain, int frames, params string[] sourceProperties) =>
        RunAsync(["rtspsrc", $"location={url}", $"protocols={protocol}", "latency=200", "buffer-mode=none", .. sourceProperties, "!",
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

    /// <remarks>
    /// gst-launch runs with its own messages and its elements' warnings in one stream, in the order they happened, and
    /// what came before the pipeline's EOS is judged: that is the decode. After it, rtspsrc sends PAUSE and TEARDOWN
    /// while its other thread flushes and closes the same connection; on a busy machine that race has been seen to print
    /// "Could not write to resource", which says nothing about the stream.
    /// </remarks>
    private static async Task<DecodeResult> RunAsync(IEnumerable<string> pipeline)
    {
        var run = await ExternalTool.RunAsync("sh", ["-c", "exec gst-launch-1.0 \"$@\" 2>&1", "gst-launch-1.0", .. pipeline],
            TimeSpan.FromSeconds(40), new Dictionary<string, string> { ["GST_DEBUG"] = DecodingPathWarnings });
        var lines = run.StandardOutput.Split('\n');
        var eos = Array.FindIndex(lines, line => line.StartsWith("Got EOS from element \"pipeline0\"", StringComparison.Ordinal));
        var decoding = eos < 0 ? lines : lines[..eos];
        var problems = new List<string>();
        for (var i = 0; i < decoding.Length; i++)
        {
            if (decoding[i].Contains("ERROR", StringComparison.Ordinal) || decoding[i].Contains("WARN", StringComparison.Ordinal))
            {
                problems.Add(decoding[i]);
            }
            else if (decoding[i].StartsWith("Additional debug info:", StringComparison.Ordinal) && i + 1 < decoding.Length)
            {
                // gst-launch's detail of the error above it (the element's own words, such as why a send failed).
                problems.Add("  " + decoding[++i].Trim());
            }
        }

        return new DecodeResult(run, problems, ReachedEos: eos >= 0);
    }
}
