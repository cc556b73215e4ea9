using System.Diagnostics;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Web;

/// <summary>Recording goes on when the encoder dies and is restarted: the break in the timeline starts a new segment, and both play.</summary>
public sealed class RecordingAcrossRestartsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"mediaactors-restart-recordings-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task A_killed_encoder_ends_the_segment_at_the_break_and_the_next_one_starts_at_its_first_keyframe()
    {
        // A restart's pause (a new ffmpeg starting) is a few hundred milliseconds: the break threshold is set below it.
        await using var host = await WebHost.StartWithConfigAsync("mediaactors.recording.timeline-break = 150ms",
            "--width", "640", "--height", "360", "--record", _directory);
        await host.Serve.RunningForAsync(TimeSpan.FromSeconds(3));
        Process.GetProcessById(Assert.Single(host.Serve.EncoderProcessIds())).Kill();

        Assert.True(await host.Serve.WaitForLogAsync("timeline broke", TimeSpan.FromSeconds(10)), host.Serve.Log);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await host.Serve.TerminateAsync();

        var segments = Directory.GetFiles(Path.Combine(_directory, "test")).Order(StringComparer.Ordinal).ToList();
        Assert.True(segments.Count >= 2, $"{segments.Count} segments");
        foreach (var segment in segments)
        {
            var (streams, duration) = await Mp4Probe.ProbeAsync(segment);
            Assert.Equal("h264", Assert.Single(streams).CodecName);
            Assert.True(duration > 1, $"{segment} lasts {duration} s");
            Assert.Equal("", await Mp4Probe.DecodeErrorsAsync(segment));
        }
    }
}
