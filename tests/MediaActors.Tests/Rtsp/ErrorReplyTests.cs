using System.Text;
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
    [InlineData("RTP/AVP;multicast")]
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

        var record = await client.RequestAsync("RECORD", server.Url);

        Assert.Equal(501, record.Status);
        Assert.Contains("DESCRIBE", record.Header("Public"));
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
        while (collector.AccessUnits.Count < 30)
            collector.Add((await healthy.ReadInterleavedAsync()).Payload);
        Assert.Equal(0, collector.SequenceGaps);
    }

    [Fact]
    public async Task A_connection_that_sends_nothing_is_closed_after_the_idle_timeout()
    {
        var settings = TestSettings.Loopback with { IdleConnectionTimeout = TimeSpan.FromSeconds(1) };
        await using var server = await StreamingServer.StartAsync(feed: false, settings: settings);
        await using var idle = await server.ConnectAsync();

        Assert.True(await idle.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), "an idle connection stayed open");
    }

    [Fact]
    public async Task A_client_that_never_reads_its_responses_is_disconnected_and_others_keep_streaming()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var healthy = await server.ConnectAsync();
        await healthy.SetupAndPlayAsync(server.Url);

        using var hostile = new System.Net.Sockets.TcpClient();
        await hostile.ConnectAsync(System.Net.IPAddress.Loopback, server.Server.Port);
        hostile.ReceiveBufferSize = 4096;
        var requests = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(1, 1000).Select(i => $"OPTIONS * RTSP/1.0\r\nCSeq: {i}\r\n\r\n")));
        var closed = false;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            // Each round is ~30 KB of requests answered by ~100 KB of responses nobody reads.
            for (var round = 0; round < 2000 && !deadline.IsCancellationRequested; round++)
                await hostile.GetStream().WriteAsync(requests, deadline.Token);
        }
        catch (IOException)
        {
            closed = true; // the server closed the connection: writes fail with a reset or broken pipe
        }

        Assert.True(closed, "the server kept answering a client that never read its responses");
        var collector = new RtpCollector();
        while (collector.AccessUnits.Count < 30)
            collector.Add((await healthy.ReadInterleavedAsync()).Payload);
        Assert.Equal(0, collector.SequenceGaps);
    }
}
