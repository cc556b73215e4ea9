using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

[Collection(ServeCollection.Name)]
public sealed class GStreamerTests(ServeFixture fixture)
{
    /// <summary>rtspsrc → rtph264depay → avdec_h264 must decode 90 frames (3 s) with no error or warning on the way.</summary>
    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task Gstreamer_rtspsrc_decodes_frames_without_errors(string protocol)
    {
        var result = await GStreamer.DecodeAsync(fixture.Url, protocol, "rtph264depay ! h264parse ! avdec_h264", frames: 90);

        // The server's side of a failure (why it closed a connection, say) is in the end of its log.
        Assert.True(result.Succeeded, $"{result}\nthe server's log ends:\n{string.Join('\n', fixture.Serve.Log.Split('\n').TakeLast(30))}");
    }
}
