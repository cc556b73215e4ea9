using MediaActors.Testing.Network;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Api;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Web;

namespace MediaActors.Tests.Multicast;

/// <summary>A serve process whose multicast groups come from a block of their own, with its HTTP API.</summary>
public sealed class MulticastServeFixture : IAsyncLifetime
{
    public WebHost Host { get; private set; } = null!;

    public string Url => Host.Serve.UrlOf("test");

    public async ValueTask InitializeAsync() => Host = await WebHost.StartWithConfigAsync(MulticastTesting.ServeConfig());

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Real players asking a real serve process for multicast: they join its group and decode the stream.</summary>
public sealed class MulticastPlayerTests(MulticastServeFixture fixture) : IClassFixture<MulticastServeFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Ffprobe_over_udp_multicast_reports_h264_1280x720()
    {
        await MulticastTesting.SkipUnlessLoopedBackAsync();

        var streams = await Ffprobe.StreamsAsync(fixture.Url, "udp_multicast");

        Assert.Equal(new ProbedStream("h264", "Main", 1280, 720), Assert.Single(streams));
    }

    [Fact(Timeout = 60_000)]
    public async Task Ffmpeg_over_udp_multicast_decodes_frames()
    {
        await MulticastTesting.SkipUnlessLoopedBackAsync();

        var run = await ExternalTool.RunAsync("ffmpeg", ["-v", "error", "-rtsp_transport", "udp_multicast", "-timeout", "10000000",
            "-i", fixture.Url, "-frames:v", "60", "-f", "null", "-"], TimeSpan.FromSeconds(40));

        Assert.True(run.ExitCode == 0 && !run.TimedOut, run.ToString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Gstreamer_rtspsrc_over_udp_mcast_decodes_frames_without_errors()
    {
        await MulticastTesting.SkipUnlessLoopedBackAsync();

        var result = await GStreamer.DecodeAsync(fixture.Url, "udp-mcast", "rtph264depay ! h264parse ! avdec_h264", frames: 60);

        Assert.True(result.Succeeded, $"{result}\nthe server's log ends:\n{string.Join('\n', fixture.Host.Serve.Log.Split('\n').TakeLast(30))}");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_multicast_reader_is_listed_as_kind_multicast_with_its_group_and_can_be_kicked()
    {
        await MulticastTesting.SkipUnlessLoopedBackAsync();
        await using var client = await RtspTestClient.ConnectAsync(fixture.Host.Serve.Port);
        var playing = await client.SetupAndPlayAsync(fixture.Url, "RTP/AVP;multicast");
        using var receiver = MulticastReceiver.Join(playing.Transport);
        Assert.True(await receiver.ReadForAsync(TimeSpan.FromSeconds(2)) > 0, "nothing arrived on the group");

        var readers = await fixture.Host.Http.ReadersAsync("test");
        var reader = readers.Find("kind", "multicast");
        Assert.True(reader is not null, string.Join(", ", readers.Select(r => r.GetRawText())));
        Assert.Contains($"in group {receiver.Group}", reader.Value.String("address"), StringComparison.Ordinal);
        Assert.True(reader.Value.GetProperty("framesSent").GetInt64() > 0);

        var kick = await fixture.Host.Http.DeleteAsync($"/api/v1/sessions/test/readers/{reader.Value.String("id")}");
        Assert.True(kick.IsSuccessStatusCode, kick.ToString());
        Assert.True(await client.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }
}
