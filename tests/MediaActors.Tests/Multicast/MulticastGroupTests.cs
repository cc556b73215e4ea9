using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MediaActors.Protocol.Rtcp;
using MediaActors.Testing.Network;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.Multicast;

/// <summary>
/// Multicast readers of an in-process server, each a raw RTSP client that joins the group itself:
/// they share one stream, come and go without disturbing each other, and the server alone chooses
/// where the stream goes.
/// </summary>
public sealed class MulticastGroupTests
{
    private const string Multicast = "RTP/AVP;multicast";

    [Fact(Timeout = 90_000)]
    public async Task Twenty_readers_share_one_group_without_loss_one_leaving_disturbs_none_and_the_group_stops_after_the_last()
    {
        await MulticastTesting.SkipUnlessLoopedBackAsync();
        await using var server = await StreamingServer.StartAsync(settings: MulticastTesting.Settings(linger: TimeSpan.FromSeconds(1)));
        var readers = new List<(RtspTestClient Client, PlayingSession Session, MulticastReceiver Receiver)>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var client = await server.ConnectAsync();
                var session = await client.SetupAndPlayAsync(server.Url, Multicast);
                readers.Add((client, session, MulticastReceiver.Join(session.Transport)));
            }

            Assert.Single(readers.Select(reader => reader.Session.Transport.Split(";ssrc")[0]).Distinct());
            await Task.WhenAll(readers.Select(reader => reader.Receiver.ReadForAsync(TimeSpan.FromSeconds(3))));
            foreach (var (_, _, receiver) in readers)
            {
                Assert.True(receiver.Probe.Pictures.Count >= 60, $"{receiver.Probe.Pictures.Count} pictures in 3 s");
                Assert.Equal(0, receiver.Probe.Lost);
            }

            var (leaving, left, _) = readers[0];
            Assert.Equal(200, (await leaving.RequestAsync("TEARDOWN", server.Url, ("Session", left.Id))).Status);
            var picturesBefore = readers.Skip(1).Select(reader => reader.Receiver.Probe.Pictures.Count).ToList();
            await Task.WhenAll(readers.Skip(1).Select(reader => reader.Receiver.ReadForAsync(TimeSpan.FromSeconds(2))));
            foreach (var ((_, _, receiver), before) in readers.Skip(1).Zip(picturesBefore))
            {
                Assert.True(receiver.Probe.Pictures.Count - before >= 40, $"{receiver.Probe.Pictures.Count - before} pictures in 2 s after one reader left");
                Assert.Equal(0, receiver.Probe.Lost);
            }

            foreach (var (client, session, _) in readers.Skip(1))
            {
                Assert.Equal(200, (await client.RequestAsync("TEARDOWN", server.Url, ("Session", session.Id))).Status);
            }

            // The linger (1 s) passes, then the group is silent.
            await Task.Delay(TimeSpan.FromSeconds(2));
            using var late = MulticastReceiver.Join(readers[0].Receiver.Group, readers[0].Receiver.Port);
            Assert.Equal(0, await late.ReadForAsync(TimeSpan.FromSeconds(1.5)));
        }
        finally
        {
            foreach (var (client, _, receiver) in readers)
            {
                receiver.Dispose();
                await client.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Receiver_reports_on_the_groups_rtcp_port_keep_a_silent_reader_alive()
    {
        await MulticastTesting.SkipUnlessLoopedBackAsync();
        var settings = MulticastTesting.Settings() with { SessionTimeout = TimeSpan.FromSeconds(5), SessionTimeoutGrace = TimeSpan.FromSeconds(1) };
        await using var server = await StreamingServer.StartAsync(settings: settings);
        await using var client = await server.ConnectAsync();
        var playing = await client.SetupAndPlayAsync(server.Url, Multicast);
        var group = MulticastTesting.GroupOf(playing.Transport);
        var rtcpPort = int.Parse(Regex.Match(playing.Transport, @"port=\d+-(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        // A player's RTCP socket: its reports go to the group from the client's address, as ffmpeg's do.
        using var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rtcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        rtcp.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.Loopback.GetAddressBytes());
        var report = RtcpCompound.ReceiverReport(new RtcpReceiverReport(0x5EED, []), "multicast-test");

        // Twice the enforced timeout (6 s) of nothing but receiver reports on the group.
        for (var second = 0; second < 12; second++)
        {
            await rtcp.SendToAsync(report, new IPEndPoint(group, rtcpPort));
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.False(await client.IsClosedByServerAsync(TimeSpan.FromMilliseconds(100)), "the reader was dropped although it sent receiver reports");
        Assert.True(await client.IsClosedByServerAsync(TimeSpan.FromSeconds(10)), "a reader silent past the session timeout stayed");
    }

    [Fact(Timeout = 30_000)]
    public async Task Two_sessions_get_different_groups_and_a_full_range_refuses_with_453()
    {
        // A /31 has one group to give: the first session's.
        var range = MulticastTesting.NextRange().Replace(".0/24", ".0/31", StringComparison.Ordinal);
        await using var oneGroup = await StreamingServer.StartAsync(feed: false, settings: MulticastTesting.Settings(range: range));
        oneGroup.Server.CreateSession("second", VideoType.H264, null);
        await using var client = await oneGroup.ConnectAsync();
        var first = await client.RequestAsync("SETUP", oneGroup.Url + "/trackID=0", ("Transport", Multicast));
        var refused = await client.RequestAsync("SETUP", $"rtsp://127.0.0.1:{oneGroup.Server.Port}/second/trackID=0", ("Transport", Multicast));
        Assert.Equal(200, first.Status);
        Assert.Equal(453, refused.Status);
        Assert.Contains("multicast range", refused.Body, StringComparison.Ordinal);

        await using var server = await StreamingServer.StartAsync(feed: false, settings: MulticastTesting.Settings());
        server.Server.CreateSession("second", VideoType.H264, null);
        await using var reader = await server.ConnectAsync();
        var live = await reader.RequestAsync("SETUP", server.Url + "/trackID=0", ("Transport", Multicast));
        var second = await reader.RequestAsync("SETUP", $"rtsp://127.0.0.1:{server.Server.Port}/second/trackID=0", ("Transport", Multicast));
        Assert.NotEqual(MulticastTesting.GroupOf(live.Header("Transport")!), MulticastTesting.GroupOf(second.Header("Transport")!));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_clients_destination_port_and_ttl_are_ignored_and_ours_answered()
    {
        await using var server = await StreamingServer.StartAsync(feed: false, settings: MulticastTesting.Settings());
        await using var client = await server.ConnectAsync();

        var setup = await client.RequestAsync("SETUP", server.Url + "/trackID=0",
            ("Transport", "RTP/AVP;multicast;destination=192.0.2.7;port=6000-6001;ttl=127"));

        Assert.Equal(200, setup.Status);
        var transport = setup.Header("Transport")!;
        Assert.StartsWith("RTP/AVP;multicast;destination=224.1.", transport, StringComparison.Ordinal);
        Assert.Contains(";port=8002-8003;ttl=16;", transport, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Multicast_switched_off_is_461_and_unicast_still_plays()
    {
        var settings = MulticastTesting.Settings();
        await using var server = await StreamingServer.StartAsync(feed: false, settings: settings with { Multicast = settings.Multicast with { Enabled = false } });
        await using var client = await server.ConnectAsync();

        Assert.Equal(461, (await client.RequestAsync("SETUP", server.Url + "/trackID=0", ("Transport", Multicast))).Status);
        var fallback = await client.RequestAsync("SETUP", server.Url + "/trackID=0", ("Transport", Multicast + ",RTP/AVP/TCP;unicast;interleaved=0-1"));
        Assert.Equal(200, fallback.Status);
        Assert.StartsWith("RTP/AVP/TCP;unicast", fallback.Header("Transport"), StringComparison.Ordinal);
    }
}
