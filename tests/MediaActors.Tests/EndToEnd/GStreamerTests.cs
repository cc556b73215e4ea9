using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

[Collection(ServeCollection.Name)]
public sealed class GStreamerTests(ServeFixture fixture)
{
    private const int FramesToDecode = 90;

    // Warnings of the elements that see the stream: depayloader, parser, jitter buffer, decoder.
    // (Plugin scanning and rtspsrc's own shutdown chatter are not about the stream.)
    private const string DecodingPathWarnings = "rtph264depay:2,h264parse:2,rtpjitterbuffer:2,libav:2,videodecoder:2";

    /// <summary>rtspsrc → rtph264depay → avdec_h264 must decode 90 frames (3 s) with no error or warning on the way.</summary>
    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task Gstreamer_rtspsrc_decodes_frames_without_errors(string protocol)
    {
        var result = await ExternalTool.RunAsync("gst-launch-1.0", new[]
        {
            "-q", "rtspsrc", $"location={fixture.Url}", $"protocols={protocol}", "latency=200",
            "!", "rtph264depay", "!", "h264parse", "!", "avdec_h264",
            "!", "identity", $"eos-after={FramesToDecode}", "!", "fakesink", "sync=false",
        }, TimeSpan.FromSeconds(40), new Dictionary<string, string> { ["GST_DEBUG"] = DecodingPathWarnings });

        Assert.True(result.ExitCode == 0 && !result.TimedOut, result.ToString());
        var problems = (result.StandardError + result.StandardOutput)
            .Split('\n')
            .Where(line => line.Contains("ERROR", StringComparison.Ordinal) || line.Contains("WARN", StringComparison.Ordinal))
            .ToList();
        Assert.True(problems.Count == 0, "GStreamer reported problems:\n" + string.Join('\n', problems));
    }
}
