using System.Text;
using MediaActors.Testing;
using MediaActors.Testing.Rtp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>Bad requests get the right status code, and never disturb another client's stream.</summary>
public sealed class ErrorReplyTests
{
    [Fact]
    public async Task An_unknown_path_is_404()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var describe = await client.RequestAsync("DESCRIBE", $"rtsp://127.0.0.1:{server.Server.Port}/nope");

        Assert.Equal(404, describe.Status);
        Assert.Contains("'nope'", describe.Body);
    }

    [Fact]
    public async Task An_unknown_session_is_454()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();

        Assert.Equal(454, (await client.RequestAsync("PLAY", server.Url, ("Session", "DEADBEEF"))).Status);
        Assert.Equal(454, (await client.RequestAsync("PLAY", server.Url)).Status);
        Assert.Equal(454, (await client.RequestAsync("TEARDOWN", server.Url, ("Session", "DEADBEEF"))).Status);
    }

    [Theory]
    [InlineData("RTP/AVP/TCP;multicast")]
    [InlineData("RAW/RAW/UDP;unicast;client_port=5000-5001")]
    [InlineData("RTP/AVP;unicast")]
    public async Task An_unsupported_transport_is_461(string transport)
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var setup = await client.RequestAsync("SETUP", server.Url + "/trackID=0", ("Transport", transport));

        Assert.Equal(461, setup.Status);
    }

    [Fact]
    public async Task Setup_of_a_missing_track_is_404()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var setup = await client.RequestAsync("SETUP", server.Url + "/trackID=5", ("Transport", "RTP/AVP/TCP;unicast"));

        Assert.Equal(404, setup.Status);
    }

    [Fact]
    public async Task An_unknown_method_is_501_with_the_public_methods()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var unknown = await client.RequestAsync("SET_PARAMETER", server.Url);

        Assert.Equal(501, unknown.Status);
        Assert.Contains("DESCRIBE", unknown.Header("Public"));
        Assert.Contains("ANNOUNCE", unknown.Header("Public"));
    }

    [Fact]
    public async Task Record_without_an_announce_on_the_connection_is_454()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();

        Assert.Equal(454, (await client.RequestAsync("RECORD", server.Url, ("Session", "12345678"))).Status);
    }

    [Fact]
    public async Task A_missing_cseq_is_400()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.SendRawAsync(Encoding.ASCII.GetBytes("OPTIONS * RTSP/1.0\r\n\r\n"));

        Assert.Equal(400, (await client.ReadResponseAsync()).Status);
    }

    [Fact]
    public async Task A_malformed_request_is_400_and_closes_only_that_connection()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var healthy = await server.ConnectAsync();
        await healthy.SetupAndPlayAsync(server.Url);
        await healthy.ReadInterleavedAsync();

        await using (var hostile = await server.ConnectAsync())
        {
            await hostile.SendRawAsync(Encoding.ASCII.GetBytes("THIS IS NOT RTSP\r\n\r\n"));
            Assert.Equal(400, (await hostile.ReadResponseAsync()).Status);
            Assert.True(await hostile.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        }

        var collector = new RtpCollector();
        await collector.CollectAsync(healthy, 30);
        Assert.Equal(0, collector.Probe.Lost);
    }

    [Fact]
    public async Task A_connection_that_sends_nothing_is_closed_after_the_idle_timeout_and_others_keep_streaming()
    {
        var settings = LoopbackSettings.Rtsp with { IdleConnectionTimeout = TimeSpan.FromSeconds(1) };
        await using var server = await StreamingServer.StartAsync(settings: settings);
        await using var healthy = await server.ConnectAsync();
        await healthy.SetupAndPlayAsync(server.Url);
        await using var idle = await server.ConnectAsync();

        Assert.True(await idle.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), "an idle connection stayed open");
        var collector = new RtpCollector();
        await collector.CollectAsync(healthy, 30);
        Assert.Equal(0, collector.Probe.Lost);
    }

    [Fact]
    public async Task A_required_option_is_refused_with_551_naming_it()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var response = await client.RequestAsync("DESCRIBE", server.Url, ("Require", "play.basic"));

        Assert.Equal(551, response.Status);
        Assert.Equal("play.basic", response.Header("Unsupported"));
    }

    [Fact]
    public async Task A_client_that_never_reads_its_responses_is_disconnected_and_others_keep_streaming()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var healthy = await server.ConnectAsync();
        await healthy.SetupAndPlayAsync(server.Url);

        // The small receive buffer is set before connecting, so the window the client advertises
        // never exceeds it. Shrunk after the handshake, Linux drops the segments the server sends
        // into the window it was already offered, with the ACKs they carry; under load both ends
        // then back off, the server sees no more requests and ends the connection by its request
        // deadline instead, and the client, dropping everything, never learns of the close.
        using var hostile = new System.Net.Sockets.TcpClient { ReceiveBufferSize = 4096 };
        await hostile.ConnectAsync(System.Net.IPAddress.Loopback, server.Server.Port);
        var requests = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(1, 1000).Select(i => $"OPTIONS * RTSP/1.0\r\nCSeq: {i}\r\n\r\n")));
        var closed = false;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            // Each round is ~30 KB of requests answered by ~100 KB of responses nobody reads.
            for (var round = 0; round < 2000 && !deadline.IsCancellationRequested; round++)
            {
                await hostile.GetStream().WriteAsync(requests, deadline.Token);
            }
        }
        catch (IOException)
        {
            closed = true; // the server closed the connection: writes fail with a reset or broken pipe
        }

        Assert.True(closed, "the server kept answering a client that never read its responses");
        var collector = new RtpCollector();
        await collector.CollectAsync(healthy, 30);
        Assert.Equal(0, collector.Probe.Lost);
    }

    [Fact]
    public async Task A_request_trickled_one_byte_at_a_time_gets_408_and_others_keep_streaming()
    {
        var settings = LoopbackSettings.Rtsp with { RequestTimeout = TimeSpan.FromSeconds(1) };
        await using var server = await StreamingServer.StartAsync(settings: settings);
        await using var healthy = await server.ConnectAsync();
        await healthy.SetupAndPlayAsync(server.Url);
        await using var slowloris = await server.ConnectAsync();

        var request = Encoding.ASCII.GetBytes($"OPTIONS {server.Url} RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: slow\r\n\r\n");
        var reply = slowloris.ReadResponseAsync();
        // One byte every 100 ms: the whole request would take about 7 s. Stop once the server answered.
        var sent = 0;
        try
        {
            for (; sent < request.Length - 1 && !reply.IsCompleted; sent++)
            {
                await slowloris.SendRawAsync(request[sent..(sent + 1)]);
                await Task.WhenAny(reply, Task.Delay(100));
            }
        }
        catch (IOException)
        {
            // The server answered and closed before this client saw the answer.
        }

        Assert.True(sent < request.Length - 1, "the trickled request was never cut off");
        Assert.Equal(408, (await reply).Status);
        Assert.True(await slowloris.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        var collector = new RtpCollector();
        await collector.CollectAsync(healthy, 30);
        Assert.Equal(0, collector.Probe.Lost);
    }

    [Fact]
    public async Task Pipelined_requests_and_interleaved_rtcp_in_one_write_are_all_answered_in_order()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();
        var rtcpReceiverReport = new byte[] { 0x80, 201, 0, 1, 0, 0, 0, 1 };
        var batch = new List<byte>();
        batch.AddRange(Encoding.ASCII.GetBytes("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n"));
        batch.AddRange(new byte[] { (byte)'$', 1, 0, (byte)rtcpReceiverReport.Length });
        batch.AddRange(rtcpReceiverReport);
        batch.AddRange(Encoding.ASCII.GetBytes($"DESCRIBE {server.Url} RTSP/1.0\r\nCSeq: 2\r\n\r\nOPTIONS * RTSP/1.0\r\nCSeq: 3\r\n\r\n"));

        await client.SendRawAsync(batch.ToArray());

        foreach (var cseq in new[] { "1", "2", "3" })
        {
            var response = await client.ReadResponseAsync();
            Assert.Equal(200, response.Status);
            Assert.Equal(cseq, response.Header("CSeq"));
        }
    }

    [Theory]
    [InlineData(414, "request line")]
    [InlineData(413, "header section")]
    [InlineData(505, "version")]
    public async Task Oversized_or_foreign_requests_are_refused_and_others_keep_streaming(int status, string what)
    {
        await using var server = await StreamingServer.StartAsync();
        await using var healthy = await server.ConnectAsync();
        await healthy.SetupAndPlayAsync(server.Url);
        await using var hostile = await server.ConnectAsync();

        var request = what switch
        {
            "request line" => $"DESCRIBE {server.Url}?{new string('a', 10_000)} RTSP/1.0\r\nCSeq: 1\r\n\r\n",
            "header section" => $"DESCRIBE {server.Url} RTSP/1.0\r\nCSeq: 1\r\n{string.Concat(Enumerable.Range(0, 400).Select(i => $"X-Padding-{i}: {new string('b', 100)}\r\n"))}\r\n",
            _ => $"DESCRIBE {server.Url} RTSP/2.0\r\nCSeq: 1\r\n\r\n",
        };
        var reply = hostile.ReadResponseAsync();
        try
        {
            await hostile.SendRawAsync(Encoding.ASCII.GetBytes(request));
        }
        catch (IOException)
        {
            // The server may close before it has read everything.
        }

        Assert.Equal(status, (await reply).Status);
        var collector = new RtpCollector();
        await collector.CollectAsync(healthy, 30);
        Assert.Equal(0, collector.Probe.Lost);
    }

    [Fact]
    public async Task Connections_beyond_the_cap_are_refused_with_503_and_the_others_keep_streaming()
    {
        await using var server = await StreamingServer.StartAsync(settings: LoopbackSettings.Rtsp with { MaxConnections = 2 });
        await using var healthy = await server.ConnectAsync();
        await healthy.SetupAndPlayAsync(server.Url);
        await using var second = await server.ConnectAsync();
        Assert.Equal(200, (await second.RequestAsync("OPTIONS", "*")).Status);

        await using var third = await server.ConnectAsync();

        Assert.Equal(503, (await third.ReadResponseAsync()).Status);
        Assert.True(await third.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        var collector = new RtpCollector();
        await collector.CollectAsync(healthy, 30);
        Assert.Equal(0, collector.Probe.Lost);
    }
}
