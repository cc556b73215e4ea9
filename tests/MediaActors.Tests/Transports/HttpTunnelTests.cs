using MediaActors.Protocol.Formats;
using MediaActors.Testing;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.Transports;

/// <summary>
/// RTSP over HTTP on the RTSP port, through a tunnel client written apart from the server: GET for
/// the server's bytes, base64 POSTs for the client's, and what happens when either half goes.
/// </summary>
public sealed class HttpTunnelTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact(Timeout = 40_000)]
    public async Task A_client_plays_through_the_tunnel_and_a_new_post_carries_on_after_the_first_closes()
    {
        await using var server = await StreamingServer.StartAsync();
        using var tunnel = await RtspTunnelClient.OpenAsync(server.Server.Port, $"/{StreamingServer.Session}");

        Assert.Equal(200, (await tunnel.Rtsp.RequestAsync("DESCRIBE", server.Url, ("Accept", "application/sdp"))).Status);
        var playing = await tunnel.Rtsp.SetupAndPlayAsync(server.Url);
        var probe = new RtpProbe(Codec.H264);
        await tunnel.Rtsp.ReadRtpAsync(probe, pictures: 30).WaitAsync(Deadline);

        // QuickTime's way: a POST per request. The GET keeps carrying the media meanwhile.
        tunnel.ClosePost();
        await tunnel.Rtsp.ReadRtpAsync(probe, pictures: 60).WaitAsync(Deadline);
        await tunnel.OpenPostAsync();
        var keepalive = await tunnel.Rtsp.RequestAsync("GET_PARAMETER", server.Url, ("Session", playing.Id)).WaitAsync(Deadline);

        Assert.Equal(200, keepalive.Status);
        Assert.Equal(0, probe.Lost);
        Assert.True(probe.StartedAtKeyframe);
    }

    [Fact(Timeout = 40_000)]
    public async Task The_tunnel_ends_and_its_post_half_is_closed_when_the_get_half_goes()
    {
        await using var server = await StreamingServer.StartAsync();
        using var tunnel = await RtspTunnelClient.OpenAsync(server.Server.Port, $"/{StreamingServer.Session}");
        await tunnel.Rtsp.SetupAndPlayAsync(server.Url);
        await tunnel.Rtsp.ReadRtpAsync(new RtpProbe(Codec.H264), pictures: 10).WaitAsync(Deadline);

        tunnel.CloseGet();

        Assert.True(await tunnel.IsPostClosedByServerAsync(TimeSpan.FromSeconds(5)), "the server kept the POST half of a tunnel whose GET half had gone");
        await using var other = await server.ConnectAsync();
        Assert.Equal(200, (await other.RequestAsync("OPTIONS", "*")).Status);
    }

    [Fact(Timeout = 40_000)]
    public async Task A_tunnel_whose_post_half_never_comes_back_ends_at_the_session_timeout()
    {
        var settings = LoopbackSettings.Rtsp with { SessionTimeout = TimeSpan.FromSeconds(5), SessionTimeoutGrace = TimeSpan.FromSeconds(1) };
        await using var server = await StreamingServer.StartAsync(settings: settings);
        using var tunnel = await RtspTunnelClient.OpenAsync(server.Server.Port, $"/{StreamingServer.Session}");
        await tunnel.Rtsp.SetupAndPlayAsync(server.Url);

        tunnel.ClosePost();

        Assert.False(await tunnel.Rtsp.IsClosedByServerAsync(TimeSpan.FromSeconds(3)), "the tunnel ended before its session timed out");
        Assert.True(await tunnel.Rtsp.IsClosedByServerAsync(TimeSpan.FromSeconds(8)), "the tunnel outlived its session timeout without a POST half");
    }

    [Fact(Timeout = 30_000)]
    public async Task Tunnel_requests_the_server_cannot_pair_are_answered_with_an_http_error()
    {
        await using var server = await StreamingServer.StartAsync(feed: false);
        var port = server.Server.Port;
        using var open = await RtspTunnelClient.OpenAsync(port, "/live", cookie: "taken");

        Assert.Equal("HTTP/1.0 404 Not Found",
            await RtspTunnelClient.AnswerToAsync(port, "POST /live HTTP/1.0\r\nx-sessioncookie: nobody\r\nContent-Length: 32767\r\n\r\n"));
        Assert.Equal("HTTP/1.0 400 Bad Request", await RtspTunnelClient.AnswerToAsync(port, "GET /live HTTP/1.0\r\nAccept: application/x-rtsp-tunnelled\r\n\r\n"));
        Assert.Equal("HTTP/1.0 400 Bad Request", await RtspTunnelClient.AnswerToAsync(port, "GET /live HTTP/1.0\r\nx-sessioncookie: taken\r\n\r\n"));
        Assert.Equal("HTTP/1.0 400 Bad Request", await RtspTunnelClient.AnswerToAsync(port, "GET /live HTTP/2.0\r\nx-sessioncookie: other\r\n\r\n"));
        Assert.Equal(200, (await open.Rtsp.RequestAsync("OPTIONS", "*")).Status);
    }
}
