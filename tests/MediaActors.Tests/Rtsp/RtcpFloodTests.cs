using System.Net;
using Akka.Actor;
using Akka.TestKit.Xunit;
using MediaActors.Connections;
using MediaActors.Testing;
using MediaActors.Testing.Network;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>A flood of RTCP from a client's registered port is cut at the listener, and the client's connection stays responsive.</summary>
public sealed class RtcpFloodTests : TestKit
{
    [Fact]
    public async Task Rtcp_past_the_per_client_budget_is_dropped_before_it_reaches_the_connection()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var settings = LoopbackSettings.Rtsp with { MaxRtcpPerSecond = 20 };
        var server = new RtspServer(Sys, settings);
        server.Init(0);
        server.CreateSession(StreamingServer.Session, VideoType.H264, enableAudio: false);
        server.Start();
        await using var feeder = new K230Feeder(server, StreamingServer.Session, accessUnits, FeedMode.WholeAccessUnitPerCall);
        var (rtp, rtcp) = UdpPortPair.BindClients();
        using var _ = rtp;
        using var __ = rtcp;
        await using var client = await RtspTestClient.ConnectAsync(server.Port);
        var rtpPort = ((IPEndPoint)rtp.Client.LocalEndPoint!).Port;
        var session = await client.SetupAndPlayAsync($"rtsp://127.0.0.1:{server.Port}/{StreamingServer.Session}",
            $"RTP/AVP;unicast;client_port={rtpPort}-{rtpPort + 1}");
        var serverRtcp = new IPEndPoint(IPAddress.Loopback, session.ServerPorts.Rtcp);
        byte[] receiverReport = [0x80, 201, 0, 1, 0, 0, 0, 1];

        // 2000 reports as fast as the socket takes them: well under a second.
        for (var i = 0; i < 2000; i++)
        {
            await rtcp.SendAsync(receiverReport, serverRtcp);
        }

        var listener = await Sys.ActorSelection("/user/rtsp-listener-*").ResolveOne(TimeSpan.FromSeconds(3));
        await AwaitAssertAsync(async () =>
        {
            var stats = await listener.Ask<RtspListener.Stats>(RtspListener.GetStats.Instance, TimeSpan.FromSeconds(3));
            // The kernel may drop some of the flood itself (a full socket buffer); the listener saw plenty.
            Assert.True(stats.RtcpForwarded + stats.RtcpDropped >= 200, $"the listener saw {stats.RtcpForwarded + stats.RtcpDropped} reports");
            // At most the budget of each one-second window the flood touched (two, on a slow machine three).
            Assert.InRange(stats.RtcpForwarded, 1, 3 * settings.MaxRtcpPerSecond);
        }, TimeSpan.FromSeconds(5));
        Assert.Equal(200, (await client.RequestAsync("GET_PARAMETER", $"rtsp://127.0.0.1:{server.Port}/{StreamingServer.Session}",
            ("Session", session.Id))).Status);
        server.Destroy();
    }
}
