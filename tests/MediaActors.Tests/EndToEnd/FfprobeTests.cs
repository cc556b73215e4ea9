using System.Text.Json;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

[Collection(ServeCollection.Name)]
public sealed class FfprobeTests(ServeFixture fixture)
{
    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Ffprobe_reports_h264_1280x720(string transport)
    {
        var result = await ExternalTool.RunAsync("ffprobe", new[]
        {
            "-v", "error", "-rtsp_transport", transport, "-timeout", "10000000",
            "-select_streams", "v:0", "-show_entries", "stream=codec_name,profile,width,height",
            "-of", "json", fixture.Url,
        }, TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.ToString());
        var stream = JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("streams")[0];
        Assert.Equal("h264", stream.GetProperty("codec_name").GetString());
        Assert.Equal("Main", stream.GetProperty("profile").GetString());
        Assert.Equal(1280, stream.GetProperty("width").GetInt32());
        Assert.Equal(720, stream.GetProperty("height").GetInt32());
    }
}
