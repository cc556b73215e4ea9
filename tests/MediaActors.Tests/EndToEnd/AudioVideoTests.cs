using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

/// <summary>`serve --audio` (H.264 + G.711 µ-law, the K230 combination) with real players.</summary>
[Collection(ServeCollection.Name)]
public sealed class AudioVideoTests(AudioVideoTests.AudioServeFixture fixture) : IClassFixture<AudioVideoTests.AudioServeFixture>
{
    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Ffprobe_finds_h264_and_pcmu(string transport)
    {
        var streams = await Ffprobe.CodecsAsync(fixture.Url, transport);

        Assert.Equal(new[] { "h264", "pcm_mulaw" }, streams);
    }

    [Fact]
    public async Task Ffmpeg_records_ten_seconds_with_audio_and_video_in_sync() =>
        await FrameCrc.AssertAudioAndVideoInSyncAsync(fixture.Url);

    [Fact]
    public async Task Gstreamer_uridecodebin_decodes_audio_and_video_together()
    {
        var result = await GStreamer.DecodeAudioAndVideoAsync(fixture.Url, videoFrames: 60, audioBuffers: 100);

        Assert.True(result.Succeeded, result.ToString());
    }

    public sealed class AudioServeFixture() : ServeProcessFixture("--audio", "--width", "320", "--height", "240");
}
