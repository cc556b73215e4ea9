using MediaActors.Protocol.Formats;
using MediaActors.Sources;
using MediaActors.Testing;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;

namespace MediaActors.Tests.Sources;

/// <summary>One instance of this server pulls a session of another over RTSP and serves it as its own.</summary>
public sealed class PullFromServerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task A_session_pulled_from_another_server_plays_from_a_keyframe_without_loss(string transport)
    {
        await using var upstream = await UpstreamAsync();
        using var relay = new RtspServer(LoopbackSettings.Rtsp);
        relay.Init(0);
        relay.Start();
        relay.PullRtspSource(Settings("pulled", upstream.Url, transport));

        await WaitForSessionAsync(relay, "pulled");
        await using var client = await RtspTestClient.ConnectAsync(relay.Port);
        Assert.Equal(200, (await client.RequestAsync("DESCRIBE", relay.GetRtspUrl("pulled"))).Status);
        await client.SetupAndPlayAsync(relay.GetRtspUrl("pulled"));
        var probe = new RtpProbe(Codec.H264);
        using (var deadline = new CancellationTokenSource(Deadline))
        {
            await client.ReadRtpAsync(probe, pictures: 60).WaitAsync(deadline.Token);
        }

        var stats = relay.GetSourceStats("pulled");
        Assert.Equal("playing", stats.State);
        Assert.Equal(transport == "tcp" ? PullTransport.Tcp : PullTransport.Udp, stats.Transport);
        Assert.Equal((Codec.H264, (Codec?)null), (stats.Video, stats.Audio));
        Assert.True(probe.StartedAtKeyframe);
        Assert.Equal(0, probe.Lost);
        Assert.Equal(0, probe.TimestampRegressions);
        Assert.Equal(0, stats.LostPackets);
    }

    [Fact]
    public async Task Credentials_in_the_url_answer_the_upstreams_digest_challenge()
    {
        var secured = LoopbackSettings.Rtsp with
        {
            Authentication = new Configuration.AuthenticationSettings(new Protocol.Auth.RtspCredentials("viewer", "s3cret:/@"), "MediaActors", Protocol.Auth.AuthenticationMethods.Digest),
        };
        await using var upstream = await UpstreamAsync(secured);
        using var relay = new RtspServer(LoopbackSettings.Rtsp);
        relay.Init(0);
        relay.Start();
        var withCredentials = upstream.Url.Replace("rtsp://", "rtsp://viewer:s3cret%3A%2F%40@", StringComparison.Ordinal);
        relay.PullRtspSource(Settings("pulled", withCredentials, "tcp"));
        relay.PullRtspSource(Settings("refused", upstream.Url.Replace("rtsp://", "rtsp://viewer:wrong@", StringComparison.Ordinal), "tcp"));

        await WaitForSessionAsync(relay, "pulled");
        var refused = await WaitForSourceAsync(relay, "refused", stats => stats.LastError is not null);

        Assert.Equal("retrying", refused.State);
        Assert.Contains("401", refused.LastError!, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", relay.GetSourceStats("refused").Url, StringComparison.Ordinal);
    }

    /// <summary>An on-demand source describes the camera once (so its session exists) and plays only while a client watches, lingering after.</summary>
    [Fact]
    public async Task An_on_demand_source_pulls_only_while_someone_watches()
    {
        await using var upstream = await UpstreamAsync();
        using var relay = new RtspServer(LoopbackSettings.Rtsp);
        relay.Init(0);
        relay.Start();
        relay.PullRtspSource(Settings("pulled", upstream.Url, "tcp", ", on-demand = on, on-demand-linger = 500ms"));

        await WaitForSessionAsync(relay, "pulled");
        await WaitForSourceAsync(relay, "pulled", stats => stats.State == "idle");
        Assert.Equal(0, upstream.Server.GetSessionStats("cam").Subscribers);

        await using (var client = await RtspTestClient.ConnectAsync(relay.Port))
        {
            await client.SetupAndPlayAsync(relay.GetRtspUrl("pulled"));
            await client.ReadRtpAsync(new RtpProbe(Codec.H264), pictures: 25).WaitAsync(Deadline);
            Assert.Equal("playing", relay.GetSourceStats("pulled").State);
            Assert.Equal(1, upstream.Server.GetSessionStats("cam").Subscribers);
        }

        await WaitForSourceAsync(relay, "pulled", stats => stats.State == "idle");
        using var deadline = new CancellationTokenSource(Deadline);
        while (upstream.Server.GetSessionStats("cam").Subscribers > 0)
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    internal static RtspSourceSettings Settings(string session, string url, string transport, string extra = "") =>
        RtspSourceSettings.Create(session, url, Akka.Configuration.ConfigurationFactory.ParseString(
            $"mediaactors.source-defaults {{ transport = {transport}, reconnect-min = 200ms, reconnect-max = 1s {extra} }}"));

    internal static async Task WaitForSessionAsync(RtspServer server, string session)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            try
            {
                server.GetSessionStats(session);
                return;
            }
            catch (RtspSessionNotFoundException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(50, CancellationToken.None);
            }
            catch (RtspSessionNotFoundException)
            {
                Assert.Fail($"session {session} did not appear within {Deadline}: {server.GetSourceStats(session)}");
            }
        }
    }

    internal static async Task<RtspSource.Stats> WaitForSourceAsync(RtspServer server, string session, Func<RtspSource.Stats, bool> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            var stats = server.GetSourceStats(session);
            if (condition(stats))
            {
                return stats;
            }

            Assert.False(deadline.IsCancellationRequested, $"source {session} did not get there within {Deadline}: {stats}");
            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>A server with session "cam" fed like the K230 sample feeds it.</summary>
    private static async Task<Upstream> UpstreamAsync(Configuration.RtspServerSettings? settings = null)
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var server = new RtspServer(settings ?? LoopbackSettings.Rtsp);
        server.Init(0);
        server.CreateSession("cam", VideoType.H264, false);
        server.Start();
        return new Upstream(server, new K230Feeder(server, "cam", accessUnits, FeedMode.OneNalUnitPerCall));
    }

    private sealed record Upstream(RtspServer Server, K230Feeder Feeder) : IAsyncDisposable
    {
        public string Url => Server.GetRtspUrl("cam").Replace(Server.AdvertisedAddress, "127.0.0.1", StringComparison.Ordinal);

        public async ValueTask DisposeAsync()
        {
            await Feeder.DisposeAsync();
            Server.Dispose();
        }
    }
}
