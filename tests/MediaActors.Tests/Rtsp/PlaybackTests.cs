using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MediaActors.Protocol.Codecs.H264;
using MediaActors.Sessions;
using MediaActors.Testing;
using MediaActors.Testing.Network;
using MediaActors.Testing.Rtp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>
/// The whole server in process (facade, actors, real sockets) played by a plain RTSP client:
/// what a player needs from DESCRIBE, SETUP and PLAY, and the RTP it then receives.
/// </summary>
public sealed class PlaybackTests
{
    private const int ExpectedTicksPerFrame = 90_000 / EncodedTestStream.FramesPerSecond;

    [Fact]
    public async Task Describe_returns_an_sdp_with_parameter_sets_and_a_content_base()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var describe = await client.RequestAsync("DESCRIBE", server.Url, ("Accept", "application/sdp"));

        Assert.Equal(200, describe.Status);
        Assert.Equal("application/sdp", describe.Header("Content-Type"));
        Assert.Equal(server.Url + "/", describe.Header("Content-Base"));
        Assert.Contains("m=video 0 RTP/AVP 96", describe.Body);
        Assert.Contains("a=rtpmap:96 H264/90000", describe.Body);
        Assert.Matches(@"a=fmtp:96 .*packetization-mode=1", describe.Body);
        Assert.Matches(@"profile-level-id=4D[0-9A-F]{4}", describe.Body);
        Assert.Matches(@"sprop-parameter-sets=Z[A-Za-z0-9+/=]+,aO[A-Za-z0-9+/=]+", describe.Body);
        Assert.Contains("a=control:trackID=0", describe.Body);
    }

    [Fact]
    public async Task Describe_waits_for_the_first_parameter_sets()
    {
        await using var server = await StreamingServer.StartAsync(feed: false);
        await using var client = await server.ConnectAsync();

        var describe = client.RequestAsync("DESCRIBE", server.Url);
        await Task.Delay(500);
        Assert.False(describe.IsCompleted, "DESCRIBE was answered before the encoder produced SPS/PPS");
        await server.StartFeedingAsync();

        Assert.Contains("sprop-parameter-sets=", (await describe).Body);
    }

    [Fact]
    public async Task Describe_of_a_session_without_video_answers_503_after_the_wait()
    {
        var settings = LoopbackSettings.Rtsp with { DescribeWait = TimeSpan.FromMilliseconds(300) };
        await using var server = await StreamingServer.StartAsync(feed: false, settings: settings);
        await using var client = await server.ConnectAsync();

        var describe = await client.RequestAsync("DESCRIBE", server.Url);

        Assert.Equal(503, describe.Status);
        Assert.Contains("SPS/PPS", describe.Body);
    }

    [Theory]
    [InlineData(FeedMode.OneNalUnitPerCall)]
    [InlineData(FeedMode.WholeAccessUnitPerCall)]
    public async Task Tcp_interleaved_play_delivers_decodable_access_units_33ms_apart(FeedMode mode)
    {
        await using var server = await StreamingServer.StartAsync(mode);
        // The first pictures of a session follow their arrival times while its clock learns the
        // frame rate; a busy test machine can deliver them in a burst. Join once it is paced.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using var client = await server.ConnectAsync();
        await client.RequestAsync("DESCRIBE", server.Url);

        var setup = await client.RequestAsync("SETUP", server.Url + "/trackID=0", ("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
        Assert.Equal(200, setup.Status);
        Assert.Matches(@"^RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=[0-9A-F]{8}$", setup.Header("Transport"));
        var session = setup.Header("Session")!;
        Assert.Matches(@"^[0-9A-F]{16};timeout=60$", session);

        var play = await client.RequestAsync("PLAY", server.Url + "/", ("Session", session.Split(';')[0]), ("Range", "npt=0.000-"));
        Assert.Equal(200, play.Status);
        Assert.StartsWith("npt=0", play.Header("Range"));
        var rtpInfo = Regex.Match(play.Header("RTP-Info")!, @"^url=(?<url>[^;]+);seq=(?<seq>\d+);rtptime=(?<time>\d+)$");
        Assert.True(rtpInfo.Success, play.Header("RTP-Info"));
        Assert.Equal(server.Url + "/trackID=0", rtpInfo.Groups["url"].Value);

        var collector = new RtpCollector();
        await collector.CollectAsync(client, 30);

        Assert.Equal(0, collector.Probe.Lost);
        Assert.True(IsAtOrAfter(collector.Probe.FirstSequenceNumber!.Value, ushort.Parse(rtpInfo.Groups["seq"].Value)));
        Assert.Equal(collector.AccessUnits.Count, collector.Probe.MarkerPackets);
        var first = collector.AccessUnits[0].AccessUnit;
        Assert.True(first.IsKeyframe, "the first access unit a client receives must be a keyframe");
        Assert.Equal(new[] { H264NalUnitType.Sps, H264NalUnitType.Pps }, RtpCollector.NalTypes(first).Take(2));
        foreach (var (accessUnit, _) in collector.AccessUnits)
        {
            Assert.DoesNotContain(H264NalUnitType.AccessUnitDelimiter, RtpCollector.NalTypes(accessUnit));
        }

        var allSteps = collector.Probe.TimestampSteps().ToList();
        Assert.Equal(0, collector.Probe.TimestampRegressions);
        Assert.All(allSteps, step => Assert.True(step > 0, $"RTP time went backwards or stood still: {step}"));
        // The client joined mid-GOP: the cached frames since the keyframe come first, 1 ms apart, then live.
        var steps = SkipCatchUp(allSteps);
        // Paced at 33 ms for the great majority of frames (a busy test machine may
        // stall the feeding thread, and the clock rightly follows a real gap in arrivals).
        var paced = steps.Count(step => Math.Abs(step - ExpectedTicksPerFrame) <= ExpectedTicksPerFrame / 10);
        Assert.True(paced >= steps.Count * 0.8, $"only {paced} of {steps.Count} steps are 33 ms ± 10%: {string.Join(", ", steps)}");
    }

    /// <summary>A caller whose timestamps advance plausibly (µs here) is followed exactly, even where
    /// it disagrees with the arrival times (it claims 25 fps while frames arrive at 30).</summary>
    [Fact]
    public async Task A_plausible_caller_clock_is_used_for_rtp_timestamps()
    {
        const ulong CallerMicrosPerFrame = 40_000; // the caller says 25 fps while frames arrive at 30
        await using var server = await StreamingServer.StartAsync(feed: false);
        await server.StartFeedingAsync(FeedMode.WholeAccessUnitPerCall, frame => 5_000_000 + (ulong)frame * CallerMicrosPerFrame);
        // Join after the session's first pictures, whose arrival may be bursty before a clock is trusted.
        await Task.Delay(TimeSpan.FromSeconds(0.6));
        await using var client = await server.ConnectAsync();
        await client.SetupAndPlayAsync(server.Url);

        var collector = new RtpCollector();
        await collector.CollectAsync(client, 10);

        Assert.All(SkipCatchUp(collector.Probe.TimestampSteps().ToList()), step => Assert.Equal(3600, step));
    }

    /// <summary>The timestamp steps after a joining client's GOP-cache catch-up (at most one GOP, 1 ms apart).</summary>
    private static List<int> SkipCatchUp(List<int> steps)
    {
        var catchUp = steps.TakeWhile(step => step == GopCache.CatchUpSpacingTicks).Count();
        Assert.True(catchUp < EncodedTestStream.GopFrames, $"{catchUp} catch-up frames, more than one GOP");
        return steps.Skip(catchUp).ToList();
    }

    [Fact]
    public async Task Tcp_setup_without_channels_gets_a_free_pair()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var setup = await client.RequestAsync("SETUP", server.Url + "/trackID=0", ("Transport", "RTP/AVP/TCP;unicast"));

        Assert.Equal(200, setup.Status);
        Assert.Contains("interleaved=0-1", setup.Header("Transport"));
    }

    [Fact]
    public async Task Udp_play_sends_rtp_to_the_client_port_from_the_server_port()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();
        var (rtp, rtcp) = UdpPortPair.BindClients();
        using var _ = rtp;
        using var __ = rtcp;
        var clientPort = ((IPEndPoint)rtp.Client.LocalEndPoint!).Port;

        var setup = await client.RequestAsync("SETUP", server.Url + "/trackID=0",
            ("Transport", $"RTP/AVP;unicast;client_port={clientPort}-{clientPort + 1}"));
        Assert.Equal(200, setup.Status);
        var serverPorts = Regex.Match(setup.Header("Transport")!, @"server_port=(\d+)-(\d+)");
        Assert.True(serverPorts.Success, setup.Header("Transport"));
        Assert.Contains($"client_port={clientPort}-{clientPort + 1}", setup.Header("Transport"));
        Assert.Matches("ssrc=[0-9A-F]{8}", setup.Header("Transport"));

        var play = await client.RequestAsync("PLAY", server.Url, ("Session", setup.Header("Session")!.Split(';')[0]));
        Assert.Equal(200, play.Status);

        var collector = new RtpCollector();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (collector.AccessUnits.Count < 10)
        {
            var datagram = await rtp.ReceiveAsync(deadline.Token);
            Assert.Equal(int.Parse(serverPorts.Groups[1].Value), datagram.RemoteEndPoint.Port);
            collector.Add(datagram.Buffer);
        }
        Assert.True(collector.AccessUnits[0].AccessUnit.IsKeyframe);
    }

    [Fact]
    public async Task Teardown_ends_the_session_and_the_stream()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();
        var session = (await client.SetupAndPlayAsync(server.Url)).Id;
        await client.ReadInterleavedAsync();

        Assert.Equal(200, (await client.RequestAsync("TEARDOWN", server.Url, ("Session", session))).Status);
        Assert.Equal(454, (await client.RequestAsync("PLAY", server.Url, ("Session", session))).Status);
    }

    [Fact]
    public async Task Pause_stops_the_stream_and_play_resumes_it_at_a_keyframe()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();
        var session = (await client.SetupAndPlayAsync(server.Url)).Id;
        await new RtpCollector().CollectAsync(client, 5);

        Assert.Equal(200, (await client.RequestAsync("PAUSE", server.Url, ("Session", session))).Status);
        client.SkippedFrames.Clear();
        await Task.Delay(500);
        // Only media already in flight when PAUSE was answered may still arrive; then nothing.
        var stillArriving = await client.RequestAsync("GET_PARAMETER", server.Url, ("Session", session));
        Assert.Equal(200, stillArriving.Status);
        client.SkippedFrames.Clear();
        await Task.Delay(500);
        Assert.Equal(200, (await client.RequestAsync("GET_PARAMETER", server.Url, ("Session", session))).Status);
        Assert.DoesNotContain(client.SkippedFrames, frame => frame.Channel == 0);

        var play = await client.RequestAsync("PLAY", server.Url, ("Session", session));
        Assert.Equal(200, play.Status);
        Assert.Contains("rtptime=", play.Header("RTP-Info"));
        var resumed = new RtpCollector();
        await resumed.CollectAsync(client, 3);
        Assert.True(resumed.AccessUnits[0].AccessUnit.IsKeyframe);
    }

    [Fact]
    public async Task Options_and_get_parameter_keep_the_session_alive()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var options = await client.RequestAsync("OPTIONS", "*");
        Assert.Equal(200, options.Status);
        Assert.Contains("GET_PARAMETER", options.Header("Public"));
        Assert.Contains("SETUP", options.Header("Public"));

        var setup = await client.RequestAsync("SETUP", server.Url + "/trackID=0", ("Transport", "RTP/AVP/TCP;unicast"));
        var session = setup.Header("Session")!.Split(';')[0];
        var keepalive = await client.RequestAsync("GET_PARAMETER", server.Url, ("Session", session));
        Assert.Equal(200, keepalive.Status);
        Assert.StartsWith(session, keepalive.Header("Session"));
    }

    [Fact]
    public async Task Destroying_the_session_ends_its_clients()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SetupAndPlayAsync(server.Url, "RTP/AVP/TCP;unicast");
        await client.ReadInterleavedAsync();

        server.Server.DestroySession(StreamingServer.Session);

        Assert.True(await client.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), "the connection stayed open after DestroySession");
    }

    private static bool IsAtOrAfter(ushort sequence, ushort reference) => (short)(sequence - reference) >= 0;
}
