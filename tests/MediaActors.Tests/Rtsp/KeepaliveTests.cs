using System.Net;
using MediaActors.Testing;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>Session liveness: any request, or RTCP from a UDP client, keeps a session; silence ends it.</summary>
public sealed class KeepaliveTests
{
    private static readonly byte[] ReceiverReport = [0x80, 201, 0, 1, 0x12, 0x34, 0x56, 0x78];

    [Fact]
    public async Task Rtcp_receiver_reports_keep_a_udp_session_alive_and_a_silent_client_is_reaped()
    {
        var settings = LoopbackSettings.Rtsp with { SessionTimeout = TimeSpan.FromSeconds(5), SessionTimeoutGrace = TimeSpan.FromSeconds(1) };
        await using var server = await StreamingServer.StartAsync(settings: settings);
        await using var reporting = await UdpViewer.PlayAsync(server.Server.Port, server.Url);
        await using var silent = await UdpViewer.PlayAsync(server.Server.Port, server.Url);

        // Well past the enforced timeout (6 s), with RTCP once a second from one client only.
        for (var second = 0; second < 8; second++)
        {
            await reporting.Rtcp.SendAsync(ReceiverReport, new IPEndPoint(IPAddress.Loopback, reporting.Session.ServerPorts.Rtcp));
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.True(await silent.Control.IsClosedByServerAsync(TimeSpan.FromSeconds(1)), "a silent UDP client was not reaped");
        Assert.False(await reporting.Control.IsClosedByServerAsync(TimeSpan.FromMilliseconds(200)), "RTCP did not keep the session alive");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.NotEmpty((await reporting.Rtp.ReceiveAsync(deadline.Token)).Buffer);
    }
}
