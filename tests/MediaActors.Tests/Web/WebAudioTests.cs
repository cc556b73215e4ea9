using System.Diagnostics;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Web;

/// <summary>A session's audio on the web side: AAC rides along in the live view and the recording; G.711 is left out (video only).</summary>
public sealed class WebAudioTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"mediaactors-audio-recordings-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task Aac_audio_is_in_the_live_view_and_the_recording_next_to_the_video()
    {
        await using var host = await WebHost.StartWithConfigAsync("mediaactors.recording.segment-duration = 2s",
            "--audio", "aac", "--width", "640", "--height", "360", "--record", _directory);
        // The live muxer describes the audio once the session knows its configuration (its first ADTS frame).
        await host.Serve.RunningForAsync(TimeSpan.FromSeconds(1));
        await using var viewer = await WebSocketViewer.ConnectAsync(host.WebSocketUri("test"));
        await viewer.ReadAsync(TimeSpan.FromSeconds(4));

        Assert.Contains("mp4a.40.2", viewer.Mime, StringComparison.Ordinal);
        var live = await viewer.SaveAsync();
        try
        {
            var (streams, _) = await Mp4Probe.ProbeAsync(live);
            Assert.Equal(["h264", "aac"], streams.Select(stream => stream.CodecName));
            // The tone's AAC frames cover the same stretch as the pictures (at its sample rate, 1024 samples a frame).
            Assert.True(streams[1].Frames > 20, $"{streams[1].Frames} AAC frames in 4 s");
            Assert.InRange(Math.Abs(streams[0].Duration!.Value - streams[1].Duration!.Value), 0, 0.5);
            Assert.Equal("", await Mp4Probe.DecodeErrorsAsync(live));
        }
        finally
        {
            File.Delete(live);
        }

        await host.Serve.RunningForAsync(TimeSpan.FromSeconds(6));
        var closed = Directory.GetFiles(Path.Combine(_directory, "test")).Order(StringComparer.Ordinal).SkipLast(1).Last();
        var (recorded, duration) = await Mp4Probe.ProbeAsync(closed);
        Assert.Equal(["h264", "aac"], recorded.Select(stream => stream.CodecName));
        await Mp4Probe.AssertSplitAtFirstKeyframeAfterAsync(closed, duration, TimeSpan.FromSeconds(2));
        // Lip sync: the two tracks of a segment cover the same stretch of time.
        Assert.InRange(Math.Abs(recorded[0].Duration!.Value - recorded[1].Duration!.Value), 0, 0.15);
    }

    [Fact(Timeout = 60_000)]
    public async Task G711_sessions_are_served_and_recorded_as_video_only()
    {
        await using var host = await WebHost.StartAsync("--audio", "--width", "640", "--height", "360", "--record", _directory);
        await using var viewer = await WebSocketViewer.ConnectAsync(host.WebSocketUri("test"));
        await viewer.ReadAsync(TimeSpan.FromSeconds(3));

        Assert.Equal("video/mp4; codecs=\"avc1.4d401e\"", viewer.Mime);
        var (recorded, _) = await Mp4Probe.ProbeAsync(Directory.GetFiles(Path.Combine(_directory, "test")).Single());
        Assert.Equal("h264", Assert.Single(recorded).CodecName);
    }
}
