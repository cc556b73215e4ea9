using System.Net;
using System.Text.RegularExpressions;
using MediaActors.Protocol.Rtcp;
using MediaActors.Testing;
using MediaActors.Testing.Network;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>RTCP on the wire: a sender report right after PLAY and then periodically, a BYE at the end.</summary>
public sealed class RtcpTests
{
    private static readonly TimeSpan ShortInterval = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Tcp_client_gets_sender_reports_on_the_odd_channel_and_a_bye_on_teardown()
    {
        await using var server = await StreamingServer.StartAsync(settings: LoopbackSettings.Rtsp with { RtcpInterval = ShortInterval });
        await using var client = await server.ConnectAsync();
        var session = await client.SetupAndPlayAsync(server.Url);
        var ssrc = SsrcOf(session.Transport);

        var reports = new List<RtcpSenderReport>();
        while (reports.Count < 3)
        {
            var (channel, payload) = await client.ReadInterleavedAsync();
            if (channel == 1)
            {
                reports.AddRange(Parse(payload).OfType<RtcpSenderReport>());
            }
        }
        Assert.All(reports, report => Assert.Equal(ssrc, report.Ssrc));
        Assert.True(reports[^1].PacketCount > reports[0].PacketCount, "the packet count does not grow");

        var teardown = await client.RequestAsync("TEARDOWN", server.Url, ("Session", session.Id));
        Assert.Equal(200, teardown.Status);
        var goodbyes = client.SkippedFrames.Where(frame => frame.Channel == 1).SelectMany(frame => Parse(frame.Payload)).OfType<RtcpGoodbye>();
        Assert.Contains(goodbyes, bye => bye.Ssrcs.Contains(ssrc));
    }

    [Fact]
    public async Task Udp_client_gets_sender_reports_from_the_server_rtcp_port_and_a_bye_when_the_stream_is_destroyed()
    {
        await using var server = await StreamingServer.StartAsync(settings: LoopbackSettings.Rtsp with { RtcpInterval = ShortInterval });
        var (rtp, rtcp) = UdpPortPair.BindClients();
        using var _ = rtp;
        using var __ = rtcp;
        await using var client = await server.ConnectAsync();
        var rtpPort = ((IPEndPoint)rtp.Client.LocalEndPoint!).Port;
        var session = await client.SetupAndPlayAsync(server.Url, $"RTP/AVP;unicast;client_port={rtpPort}-{rtpPort + 1}");
        var ssrc = SsrcOf(session.Transport);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var datagram = await rtcp.ReceiveAsync(deadline.Token);
        Assert.Equal(session.ServerPorts.Rtcp, datagram.RemoteEndPoint.Port);
        Assert.Equal(ssrc, Assert.Single(Parse(datagram.Buffer).OfType<RtcpSenderReport>()).Ssrc);

        server.Server.DestroySession(StreamingServer.Session);
        RtcpGoodbye? goodbye = null;
        while (goodbye is null)
        {
            goodbye = Parse((await rtcp.ReceiveAsync(deadline.Token)).Buffer).OfType<RtcpGoodbye>().FirstOrDefault();
        }

        Assert.Contains(ssrc, goodbye.Ssrcs);
        Assert.True(await client.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
    }

    private static uint SsrcOf(string transport) =>
        Convert.ToUInt32(Regex.Match(transport, "ssrc=([0-9A-F]{8})").Groups[1].Value, 16);

    private static List<RtcpPacket> Parse(byte[] compound)
    {
        var packets = new List<RtcpPacket>();
        Assert.True(RtcpCompoundReader.TryRead(compound, packets), "malformed RTCP compound packet");
        return packets;
    }
}
