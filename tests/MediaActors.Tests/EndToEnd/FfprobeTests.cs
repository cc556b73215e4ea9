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
        var video = (await Ffprobe.StreamsAsync(fixture.Url, transport))[0];

        Assert.Equal(new ProbedStream("h264", "Main", 1280, 720), video);
    }
}
