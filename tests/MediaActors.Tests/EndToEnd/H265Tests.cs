using System.Text.Json;
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
        var result = await ExternalTool.RunAsync("ffprobe", new[]
        {
            "-v", "error", "-rtsp_transport", transport, "-timeout", "10000000",
            "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "json", fixture.Url,
        }, TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.ToString());
        var stream = JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("streams")[0];
        Assert.Equal("hevc", stream.GetProperty("codec_name").GetString());
        Assert.Equal(640, stream.GetProperty("width").GetInt32());
        Assert.Equal(360, stream.GetProperty("height").GetInt32());
        Assert.Equal(new[] { "hevc", "aac" }, await Probe.StreamsAsync(fixture.Url, transport));
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task Gstreamer_rtspsrc_decodes_h265_without_errors(string protocol)
    {
        var result = await GStreamer.DecodeAsync(fixture.Url, protocol, "rtph265depay ! h265parse ! avdec_h265", frames: 60);

        Assert.True(result.Succeeded, result.ToString());
    }

    public sealed class H265ServeFixture() : ServeProcessFixture("--codec", "h265", "--audio", "aac", "--width", "640", "--height", "360");
}
