using System.Diagnostics;
using System.Runtime.CompilerServices;
using MediaActors.Protocol.Formats;
using MediaActors.Testing.Peers;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Sources;

/// <summary>`serve --source rtsp://...` pulls a real IP camera (gst-rtsp-server) and serves it to real players.</summary>
public sealed class PullFromCameraTests
{
    [Theory]
    [InlineData("h264", "pcmu", "udp", "h264", "pcm_mulaw")]
    [InlineData("h264", "aac", "tcp", "h264", "aac")]
    [InlineData("h265", "pcma", "tcp", "hevc", "pcm_alaw")]
    [InlineData("h265", "aac", "udp", "hevc", "aac")]
    public async Task A_pulled_camera_is_served_with_its_video_and_audio(string video, string audio, string transport, string videoName, string audioName)
    {
        await using var camera = await GstRtspCamera.StartAsync(new GstCameraOptions { Codec = video, Audio = audio });
        await using var serve = await ServeProcess.StartWithConfigAsync($"mediaactors.source-defaults.transport = {transport}", "--source", camera.Url);

        var streams = await Ffprobe.StreamsAsync(serve.UrlOf("test"), "tcp");

        Assert.Equal(2, streams.Count);
        Assert.Equal((videoName, 640, 360), (streams[0].CodecName, streams[0].Width, streams[0].Height));
        Assert.Equal(audioName, streams[1].CodecName);
        Assert.True(serve.LogLines($"over {char.ToUpperInvariant(transport[0])}{transport[1..]}").Count > 0, serve.Log);
    }

    [Fact]
    public async Task A_camera_with_digest_auth_is_pulled_with_the_credentials_of_its_url_and_read_by_gstreamer()
    {
        await using var camera = await GstRtspCamera.StartAsync(new GstCameraOptions { User = "admin", Password = "12345" });
        await using var serve = await ServeProcess.StartAsync("--source", camera.UrlWithCredentials);

        var result = await GStreamer.DecodeAsync(serve.UrlOf("test"), "tcp", "rtph264depay ! h264parse ! avdec_h264", frames: 50);

        Assert.True(result.Succeeded, result.ToString());
        Assert.DoesNotContain("12345", serve.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_transport_falls_back_to_tcp_when_the_camera_refuses_udp()
    {
        await using var camera = await GstRtspCamera.StartAsync(new GstCameraOptions { Protocols = "tcp" });
        await using var serve = await ServeProcess.StartAsync("--source", camera.Url);

        Assert.Equal("h264", Assert.Single(await Ffprobe.StreamsAsync(serve.UrlOf("test"), "udp")).CodecName);
        Assert.True(serve.LogLines("pulling over TCP from now on").Count > 0, serve.Log);
    }

    [Fact]
    public async Task Cameras_named_in_the_configuration_become_sessions_on_serve_and_on_a_relay()
    {
        await using var camera = await GstRtspCamera.StartAsync(new GstCameraOptions { Audio = "pcma" });
        var sources = $"mediaactors.sources {{ \"yard/door\" {{ url = \"{camera.Url}\", transport = udp }} }}";
        await using var serve = await ServeProcess.StartWithConfigAsync(sources);
        var file = Path.Combine(Path.GetTempPath(), $"mediaactors-relay-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, sources);
        try
        {
            await using var relay = await ServeProcess.StartRelayAsync(ServeProcess.FreeTcpPort(), "--config", file);

            Assert.Equal("h264", Assert.Single(await Ffprobe.StreamsAsync(serve.UrlOf("test"), "tcp")).CodecName);
            Assert.Equal(["h264", "pcm_alaw"], await CodecsWhenDescribedAsync(serve.UrlOf("yard/door")));
            Assert.Equal(["h264", "pcm_alaw"], await CodecsWhenDescribedAsync(relay.UrlOf("yard/door")));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The codecs of a pulled session, once its camera has described its stream (the session appears then).</summary>
    private static async Task<IReadOnlyList<string>> CodecsWhenDescribedAsync(string url)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var probe = await ExternalTool.RunAsync("ffprobe", ["-v", "error", "-rtsp_transport", "tcp", "-show_entries", "stream=codec_name", "-of", "csv=p=0", url],
                TimeSpan.FromSeconds(20));
            if (probe.ExitCode == 0)
            {
                return probe.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), probe.ToString());
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// The camera dies under five players and comes back 3 s later on the same port: every player
    /// stays connected and resumes within 5 s of the restart, with sequence numbers that go on
    /// without a gap and RTP time that never goes back.
    /// </summary>
    [Fact]
    public async Task Players_stay_connected_across_a_camera_restart_and_resume_seamlessly()
    {
        var camera = await GstRtspCamera.StartAsync(new GstCameraOptions());
        await using var serve = await ServeProcess.StartWithConfigAsync(
            "mediaactors.source-defaults { transport = tcp, reconnect-min = 250ms, reconnect-max = 1s }", "--source", camera.Url);
        var players = new List<(RtspTestClient Client, RtpProbe Probe)>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var client = await RtspTestClient.ConnectAsync(serve.Port);
                await client.SetupAndPlayAsync(serve.UrlOf("test"));
                players.Add((client, new RtpProbe(Codec.H264)));
            }

            await Task.WhenAll(players.Select(player => player.Client.ReadRtpAsync(player.Probe, pictures: 25)));
            // The players go on reading through the outage, so each picture is stamped as it arrives: one sent before
            // the kill and read only after the restart would pass for the first picture after it. Reads block through
            // the outage (the client's read timeout is 15 s): a closed connection would throw.
            var restart = new StrongBox<long>(long.MaxValue);
            var reading = Task.WhenAll(players.Select(player => ReadUntilAsync(player.Client, player.Probe, restart, picturesAfter: 25)));
            await camera.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            Volatile.Write(ref restart.Value, Stopwatch.GetTimestamp());
            await camera.DisposeAsync();
            camera = await GstRtspCamera.StartAsync(new GstCameraOptions { Port = camera.Port });

            await reading.WaitAsync(TimeSpan.FromSeconds(30));

            foreach (var (_, probe) in players)
            {
                var resumed = probe.Pictures.First(picture => picture.ArrivedAt > restart.Value);
                Assert.True(Stopwatch.GetElapsedTime(restart.Value, resumed.ArrivedAt) < TimeSpan.FromSeconds(5),
                    $"resumed {Stopwatch.GetElapsedTime(restart.Value, resumed.ArrivedAt).TotalSeconds:0.0} s after the restart");
                Assert.True(resumed.IsKeyframe, "resumes at a keyframe");
                Assert.Equal(0, probe.Lost);
                Assert.Equal(0, probe.TimestampRegressions);
                Assert.Equal(0, probe.ForeignPackets);
            }
        }
        finally
        {
            foreach (var (client, _) in players)
            {
                await client.DisposeAsync();
            }

            await camera.DisposeAsync();
        }
    }

    /// <summary>Reads pictures until <paramref name="picturesAfter"/> arrived after <paramref name="since"/> (none before it is set).</summary>
    private static async Task ReadUntilAsync(RtspTestClient client, RtpProbe probe, StrongBox<long> since, int picturesAfter)
    {
        while (probe.Pictures.Count(picture => picture.ArrivedAt > Volatile.Read(ref since.Value)) < picturesAfter)
        {
            await client.ReadRtpAsync(probe, probe.Pictures.Count + 1);
        }
    }
}
