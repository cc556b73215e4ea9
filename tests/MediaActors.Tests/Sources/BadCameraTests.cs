using System.Text;
using MediaActors.Protocol.Formats;
using MediaActors.Testing;
using MediaActors.Testing.Peers;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;
using static MediaActors.Tests.Sources.PullFromServerTests;

namespace MediaActors.Tests.Sources;

/// <summary>
/// Cameras that misbehave each get a clear reason in their source's status and are retried with
/// backoff, while a healthy session on the same server goes on without losing a packet.
/// </summary>
public sealed class BadCameraTests
{
    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\n";

    [Fact]
    public async Task Each_bad_camera_is_named_with_its_cause_and_a_healthy_session_loses_nothing()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        using var server = new RtspServer(LoopbackSettings.Rtsp);
        server.Init(0);
        server.CreateSession("healthy", VideoType.H264, false);
        server.Start();
        await using var feeder = new K230Feeder(server, "healthy", accessUnits, FeedMode.OneNalUnitPerCall);
        await using var viewer = await RtspTestClient.ConnectAsync(server.Port);
        await viewer.SetupAndPlayAsync(server.GetRtspUrl("healthy"));
        var healthy = new RtpProbe(Codec.H264);
        var watching = viewer.ReadRtpAsync(healthy, pictures: 150);

        await using var garbage = ScriptedRtspCamera.Start(_ => Encoding.ASCII.GetBytes("HTTP/1.1 400 Who are you\r\n\r\n\x01\x02\x03"));
        await using var notSdp = ScriptedRtspCamera.Start(request => Answer(request, request.Method == "DESCRIBE" ? "this is not a session description" : ""));
        await using var vp8 = ScriptedRtspCamera.Start(request => Answer(request,
            request.Method == "DESCRIBE" ? Sdp + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\na=control:trackID=0\r\n" : ""));
        await using var locked = ScriptedRtspCamera.Start(request => request.Method == "OPTIONS"
            ? ScriptedRtspCamera.Response(request, "200 OK")
            : ScriptedRtspCamera.Response(request, "401 Unauthorized", "", "WWW-Authenticate: Basic realm=\"cam\""));
        await using var missing = ScriptedRtspCamera.Start(request =>
            ScriptedRtspCamera.Response(request, request.Method == "OPTIONS" ? "200 OK" : "404 Not Found"));
        await using var silent = ScriptedRtspCamera.Start(request => request.Method switch
        {
            "DESCRIBE" => Answer(request, Sdp + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=0\r\n"),
            "SETUP" => ScriptedRtspCamera.Response(request, "200 OK", "", "Session: 1234;timeout=60", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1"),
            _ => ScriptedRtspCamera.Response(request, "200 OK", "", "Session: 1234"),
        });
        var refusedPort = ServeProcess.FreeTcpPort();
        // Not bad at all: a camera that moved says where to, and the source follows.
        await using var moved = ScriptedRtspCamera.Start(request => request.Method == "DESCRIBE"
            ? ScriptedRtspCamera.Response(request, "302 Moved Temporarily", "", $"Location: {server.GetRtspUrl("healthy").Replace(server.AdvertisedAddress, "127.0.0.1", StringComparison.Ordinal)}")
            : ScriptedRtspCamera.Response(request, "200 OK"));

        server.PullRtspSource(Settings("garbage", garbage.Url, "tcp"));
        server.PullRtspSource(Settings("not-sdp", notSdp.Url, "tcp"));
        server.PullRtspSource(Settings("vp8", vp8.Url, "tcp"));
        server.PullRtspSource(Settings("locked", locked.Url, "tcp"));
        server.PullRtspSource(Settings("missing", missing.Url, "tcp"));
        server.PullRtspSource(Settings("silent", silent.Url, "tcp", ", stall-timeout = 1s"));
        server.PullRtspSource(Settings("refused", $"rtsp://127.0.0.1:{refusedPort}/cam", "tcp"));
        server.PullRtspSource(Settings("moved", moved.Url, "tcp"));

        foreach (var (session, cause) in new[]
                 {
                     ("garbage", "neither a response nor an interleaved frame"),
                     ("not-sdp", "not a session description"),
                     ("vp8", "VP8"),
                     ("locked", "401"),
                     ("missing", "no stream at this URL"),
                     ("silent", "no media from the camera for 1 s"),
                     ("refused", "cannot connect"),
                 })
        {
            var stats = await WaitForSourceAsync(server, session, stats => stats.LastError is not null && stats.Failures >= 2);
            Assert.True(stats.LastError!.Contains(cause, StringComparison.Ordinal), $"{session}: {stats.LastError}");
            Assert.Equal("retrying", stats.State);
        }

        // A camera described once has a session, whose stats show the source's trouble.
        Assert.Contains("no media", server.GetSessionStats("silent").Source!.LastError, StringComparison.Ordinal);
        Assert.Equal("playing", (await WaitForSourceAsync(server, "moved", stats => stats.State == "playing")).State);
        await watching.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, healthy.Lost);
        Assert.Equal(0, healthy.TimestampRegressions);
        Assert.True(garbage.Requests["OPTIONS"] >= 2, "a failed camera is tried again");
    }

    private static byte[] Answer(ScriptedRequest request, string sdp) => request.Method == "DESCRIBE"
        ? ScriptedRtspCamera.Response(request, "200 OK", sdp, "Content-Type: application/sdp")
        : ScriptedRtspCamera.Response(request, "200 OK", "", "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN");
}
