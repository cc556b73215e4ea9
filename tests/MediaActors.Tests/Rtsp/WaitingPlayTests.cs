using System.Diagnostics;
using System.Text;
using MediaActors.Testing;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>
/// A PLAY is answered with its first frame, which may be a GOP away. While it waits, the rest of
/// its connection goes on: the end of the stream answers it at once, and the timeouts still run.
/// </summary>
public sealed class WaitingPlayTests
{
    [Fact]
    public async Task A_play_waiting_for_a_keyframe_is_answered_as_soon_as_the_stream_is_destroyed()
    {
        await using var server = await StreamingServer.StartAsync(feed: false, settings: LoopbackSettings.Rtsp with { GopCache = false });
        await using var client = await server.ConnectAsync();
        client.ReadTimeout = TimeSpan.FromSeconds(10);
        var session = await SetUpStalledStreamAsync(server, client);

        var play = client.RequestAsync("PLAY", server.Url, ("Session", session));
        await Task.Delay(500);
        Assert.False(play.IsCompleted, "PLAY was answered before the stream's next keyframe");
        var clock = Stopwatch.StartNew();
        server.Server.DestroySession(StreamingServer.Session);

        Assert.Equal(454, (await play).Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"PLAY was answered {clock.Elapsed.TotalSeconds:0.#} s after its stream was destroyed");
        Assert.True(await client.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), "the connection stayed open without a session");
    }

    [Fact]
    public async Task The_session_timeout_closes_a_connection_whose_play_still_waits()
    {
        var settings = LoopbackSettings.Rtsp with
        {
            GopCache = false,
            SessionTimeout = TimeSpan.FromSeconds(5),
            SessionTimeoutGrace = TimeSpan.Zero,
        };
        await using var server = await StreamingServer.StartAsync(feed: false, settings: settings);
        await using var client = await server.ConnectAsync();
        var session = await SetUpStalledStreamAsync(server, client);

        await client.SendRawAsync(Encoding.ASCII.GetBytes($"PLAY {server.Url} RTSP/1.0\r\nCSeq: 9\r\nSession: {session}\r\n\r\n"));

        // The PLAY would wait 20 s for a keyframe that never comes; the client is silent for longer than 5 s well before.
        var clock = Stopwatch.StartNew();
        Assert.True(await client.IsClosedByServerAsync(TimeSpan.FromSeconds(12)), "the session timeout did not run while PLAY waited");
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(4), $"closed after {clock.Elapsed.TotalSeconds:0.#} s, before the session timeout");
    }

    /// <summary>
    /// Feeds the stream its first pictures (a keyframe and what follows it) and no more, then sets
    /// up its video track: without the GOP cache a PLAY now waits for a keyframe that never comes.
    /// </summary>
    /// <returns>The session id.</returns>
    private static async Task<string> SetUpStalledStreamAsync(StreamingServer server, RtspTestClient client)
    {
        foreach (var accessUnit in (await EncodedTestStream.GetAccessUnitsAsync()).Take(3))
        {
            server.Server.SendVideoData(StreamingServer.Session, accessUnit, accessUnit.Length, 1000);
        }

        // Answered once the session has the parameter sets, so after it took the pictures fed before.
        Assert.Equal(200, (await client.RequestAsync("DESCRIBE", server.Url)).Status);
        var setup = await client.RequestAsync("SETUP", server.Url + "/trackID=0", ("Transport", "RTP/AVP/TCP;unicast"));
        Assert.Equal(200, setup.Status);
        return setup.Header("Session")!.Split(';')[0];
    }
}
