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
    public async Task Sender_reports_go_to_the_group_once_per_track_and_a_later_reader_starts_where_the_stream_is()
    {
        await MulticastTesting.SkipUnlessLoopedBackAsync();
        var settings = MulticastTesting.Settings() with { RtcpInterval = TimeSpan.FromSeconds(1) };
        await using var server = await StreamingServer.StartAsync(settings: settings);
        var clients = new List<RtspTestClient>();
        try
        {
            var earlierSeq = 0;
            for (var i = 0; i < 10; i++)
            {
                clients.Add(await server.ConnectAsync());
                earlierSeq = await PlayAsync(clients[^1], server.Url) ?? -1;
            }

            var transport = (await clients[0].RequestAsync("SETUP", server.Url + "/trackID=0", ("Transport", Multicast))).Header("Transport")!;
            var rtcpPort = int.Parse(Regex.Match(transport, @"port=\d+-(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
            using var reports = MulticastReceiver.Join(MulticastTesting.GroupOf(transport), rtcpPort);
            var rtcp = await reports.ReadForAsync(TimeSpan.FromSeconds(3));
            // About three: one a second for the track, not one per reader (30).
            Assert.InRange(rtcp, 1, 5);

            // A reader joining the running group: its RTP-Info names the group's next packet.
            await using var late = await server.ConnectAsync();
            var setup = await late.RequestAsync("SETUP", server.Url + "/trackID=0", ("Transport", Multicast));
            using var receiver = MulticastReceiver.Join(setup.Header("Transport")!);
            var play = await late.RequestAsync("PLAY", server.Url, ("Session", setup.Header("Session")!.Split(';')[0]));
            await receiver.ReadForAsync(TimeSpan.FromSeconds(1));
            var seq = int.Parse(Regex.Match(play.Header("RTP-Info")!, @"seq=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.NotEqual(earlierSeq, seq);
            Assert.InRange(seq, receiver.Probe.FirstSequenceNumber!.Value, receiver.Probe.FirstSequenceNumber!.Value + receiver.Probe.Packets);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_reader_setting_up_a_lingering_group_starts_at_a_keyframe_not_mid_picture_group()
    {
        await MulticastTesting.SkipUnlessLoopedBackAsync();
        await using var server = await StreamingServer.StartAsync(settings: MulticastTesting.Settings(linger: TimeSpan.FromSeconds(30)));
        await using (var first = await server.ConnectAsync())
        {
            var playing = await first.SetupAndPlayAsync(server.Url, Multicast);
            using var receiver = MulticastReceiver.Join(playing.Transport);
            Assert.True(await receiver.ReadForAsync(TimeSpan.FromSeconds(1.3)) > 0, "nothing arrived on the group");
            Assert.Equal(200, (await first.RequestAsync("TEARDOWN", server.Url, ("Session", playing.Id))).Status);
        }

        // The group lingers, sending to nobody; this reader joins it at SETUP, as players do.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await using var second = await server.ConnectAsync();
        var setup = await second.RequestAsync("SETUP", server.Url + "/trackID=0", ("Transport", Multicast));
        using var late = MulticastReceiver.Join(setup.Header("Transport")!);
        Assert.Equal(200, (await second.RequestAsync("PLAY", server.Url, ("Session", setup.Header("Session")!.Split(';')[0]))).Status);
        await late.ReadForAsync(TimeSpan.FromSeconds(1.5));

        Assert.True(late.Probe.StartedAtKeyframe, $"the first of {late.Probe.Pictures.Count} pictures is not a keyframe");
        Assert.Equal(0, late.Probe.Lost);
    }

    /// <summary>SETUP and PLAY of a multicast reader; the sequence number its RTP-Info names.</summary>
    private static async Task<int?> PlayAsync(RtspTestClient client, string url)
    {
        var setup = await client.RequestAsync("SETUP", url + "/trackID=0", ("Transport", Multicast));
        var play = await client.RequestAsync("PLAY", url, ("Session", setup.Header("Session")!.Split(';')[0]));
        var seq = Regex.Match(play.Header("RTP-Info") ?? "", @"seq=(\d+)");
        return seq.Success ? int.Parse(seq.Groups[1].Value, CultureInfo.InvariantCulture) : null;
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
        await using var oneGroup = await StreamingServer.StartAsync(feed: false, settings: MulticastTesting.Settings(prefix: "/31"));
        oneGroup.Server.CreateSession("second", VideoType.H264, null);
        await using var client = await oneGroup.ConnectAsync();
        var first = await client.RequestAsync("SETUP", oneGroup.Url + "/trackID=0", ("Transport", Multicast));
        var refused = await client.RequestAsync("SETUP", $"rtsp://127.0.0.1:{oneGroup.Server.Port}/second/trackID=0", ("Transport", Multicast));
        Assert.Equal(200, first.Status);
        Assert.Equal(453, refused.Status);
        Assert.Contains("multicast range", refused.Body, StringComparison.Ordinal);

        var settings = MulticastTesting.Settings();
        await using var server = await StreamingServer.StartAsync(feed: false, settings: settings);
        server.Server.CreateSession("second", VideoType.H264, null);
        await using var reader = await server.ConnectAsync();
        var live = (await reader.RequestAsync("SETUP", server.Url + "/trackID=0", ("Transport", Multicast))).Header("Transport")!;
        var second = (await reader.RequestAsync("SETUP", $"rtsp://127.0.0.1:{server.Server.Port}/second/trackID=0", ("Transport", Multicast))).Header("Transport")!;
        // The lowest two addresses of the range, each with ports of its own.
        var firstGroup = settings.Multicast.Range.LowestFree(new HashSet<IPAddress>())!;
        Assert.Equal(firstGroup, MulticastTesting.GroupOf(live));
        Assert.Contains($";port={settings.Multicast.PortBase}-{settings.Multicast.PortBase + 1};", live, StringComparison.Ordinal);
        Assert.Equal(settings.Multicast.Range.LowestFree(new HashSet<IPAddress> { firstGroup }), MulticastTesting.GroupOf(second));
        Assert.Contains($";port={settings.Multicast.PortBase + 4}-{settings.Multicast.PortBase + 5};", second, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_clients_destination_port_and_ttl_are_ignored_and_ours_answered()
    {
        var settings = MulticastTesting.Settings();
        await using var server = await StreamingServer.StartAsync(feed: false, settings: settings);
        await using var client = await server.ConnectAsync();

        var setup = await client.RequestAsync("SETUP", server.Url + "/trackID=0",
            ("Transport", "RTP/AVP;multicast;destination=192.0.2.7;port=6000-6001;ttl=127"));

        Assert.Equal(200, setup.Status);
        var group = settings.Multicast.Range.LowestFree(new HashSet<IPAddress>());
        var ports = $"{settings.Multicast.PortBase}-{settings.Multicast.PortBase + 1}";
        Assert.StartsWith($"RTP/AVP;multicast;destination={group};port={ports};ttl=16;ssrc=", setup.Header("Transport"), StringComparison.Ordinal);
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
