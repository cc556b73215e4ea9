using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

[Collection(ServeCollection.Name)]
public sealed class FfprobeTests(ServeFixture fixture)
{
    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Ffprobe_reports_h264_1280x720_and_no_audio_without_the_audio_option(string transport)
    {
        var streams = await Ffprobe.StreamsAsync(fixture.Url, transport);

        Assert.Equal(new ProbedStream("h264", "Main", 1280, 720), Assert.Single(streams));
    }
}
