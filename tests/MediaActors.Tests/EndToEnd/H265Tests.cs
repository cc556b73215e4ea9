using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

/// <summary>`serve --codec h265 --audio aac` (libx265, AAC through ffmpeg) with real players, at 640x360 to spare the CPU.</summary>
[Collection(ServeCollection.Name)]
public sealed class H265Tests(H265Tests.H265ServeFixture fixture) : IClassFixture<H265Tests.H265ServeFixture>
{
    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Ffprobe_reports_hevc_640x360_and_aac(string transport)
    {
        var streams = await Ffprobe.StreamsAsync(fixture.Url, transport);

        Assert.Equal(new[] { "hevc", "aac" }, streams.Select(stream => stream.CodecName));
        Assert.Equal((640, 360), (streams[0].Width, streams[0].Height));
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task Gstreamer_rtspsrc_decodes_h265_without_errors(string protocol)
    {
        var result = await GStreamer.DecodeAsync(fixture.Url, protocol, "rtph265depay ! h265parse ! avdec_h265", frames: 60);

        // Why the server ended connections, should GStreamer have lost its own.
        Assert.True(result.Succeeded, $"{result}\nServer: {string.Join('\n', fixture.Serve.LogLines("RTSP connection from"))}");
    }

    public sealed class H265ServeFixture() : ServeProcessFixture("--codec", "h265", "--audio", "aac", "--width", "640", "--height", "360");
}
