using System.Diagnostics;
using MediaActors.Protocol.Formats;
using MediaActors.Testing.Peers;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

/// <summary>
/// SIGHUP makes a running `serve` read its --config file again and apply its sources: a source
/// added to the file becomes playable, one taken out ends (404), and one left as it was keeps its
/// players on the same connection, without a gap; a file that cannot be used changes nothing.
/// </summary>
public sealed class SighupReloadTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"mediaactors-sighup-{Guid.NewGuid():N}.conf");
    private int _pictures;

    [Fact(Timeout = 180_000)]
    public async Task Sources_are_added_and_removed_on_sighup_while_an_unchanged_one_plays_on()
    {
        await using var camera = await GstRtspCamera.StartAsync(new GstCameraOptions { Width = 320, Height = 240 });
        await File.WriteAllTextAsync(_file, SourcesConfig(camera.Url, "a"));
        await using var serve = await ServeProcess.StartAsync("--config", _file, "--width", "320", "--height", "240");
        await WaitUntilDescribedAsync(serve.UrlOf("a"));

        await using var player = await RtspTestClient.ConnectAsync(serve.Port);
        var playing = await player.SetupAndPlayAsync(serve.UrlOf("a"));
        var probe = new RtpProbe(Codec.H264);
        using var stop = new CancellationTokenSource();
        var reading = KeepPlayingAsync(player, serve.UrlOf("a"), playing.Id, probe, stop.Token);
        await PicturesAsync(25);

        // b added, a unchanged.
        await File.WriteAllTextAsync(_file, SourcesConfig(camera.Url, "a", "b"));
        serve.Hangup();
        Assert.True(await serve.WaitForLogAsync("sources 1 added, 0 removed, 0 changed, 1 unchanged", Within), serve.Log);
        Assert.Single(serve.LogLines("Reload: source b added"));
        await WaitUntilDescribedAsync(serve.UrlOf("b"));

        // b removed: its DESCRIBE is answered 404 at once.
        await File.WriteAllTextAsync(_file, SourcesConfig(camera.Url, "a"));
        serve.Hangup();
        Assert.True(await serve.WaitForLogAsync("sources 0 added, 1 removed, 0 changed, 1 unchanged", Within), serve.Log);
        await using (var describer = await RtspTestClient.ConnectAsync(serve.Port))
        {
            Assert.Equal(404, (await describer.RequestAsync("DESCRIBE", serve.UrlOf("b"), ("Accept", "application/sdp"))).Status);
        }

        // A file that no longer parses: an error naming it, and nothing changes.
        await File.WriteAllTextAsync(_file, $"mediaactors.sources {{\n  a {{ url = {camera.Url} }}\n}}\n");
        serve.Hangup();
        Assert.True(await serve.WaitForLogAsync("refused, nothing changed", Within), serve.Log);
        Assert.Contains(serve.LogLines("refused, nothing changed"), line => line.Contains(_file, StringComparison.Ordinal));

        // a played on through all three: the same connection, every packet, its source never restarted.
        await PicturesAsync(Volatile.Read(ref _pictures) + 50);
        await stop.CancelAsync();
        await reading;
        Assert.Equal(0, probe.Lost);
        Assert.Equal(0, probe.ForeignPackets);
        Assert.Equal(0, probe.TimestampRegressions);
        Assert.Single(serve.LogLines("Source a: playing"));
        Assert.Empty(serve.LogLines("Reload: source a"));
        Assert.Equal("h264", Assert.Single(await Ffprobe.StreamsAsync(serve.UrlOf("a"), "tcp")).CodecName);
        Assert.False(serve.HasExited);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_server_started_with_sighup_ignored_still_reloads_on_sighup()
    {
        await File.WriteAllTextAsync(_file, "mediaactors.sources {\n}\n");
        var port = ServeProcess.FreeTcpPort();
        // nohup starts it with SIGHUP ignored, as a parent that ignores it would.
        await using var serve = await ServeProcess.StartThroughAsync(["nohup"], port,
            "serve", "--port", port.ToString(), "--bind", "127.0.0.1", "--config", _file, "--width", "320", "--height", "240");

        serve.Hangup();

        Assert.True(await serve.WaitForLogAsync("sources 0 added, 0 removed, 0 changed, 0 unchanged", Within), serve.Log);
        Assert.False(serve.HasExited);
    }

    private static string SourcesConfig(string cameraUrl, params string[] sessions) =>
        "mediaactors.sources {\n" + string.Concat(sessions.Select(session => $"  {session} {{\n    url = \"{cameraUrl}\"\n    transport = tcp\n  }}\n")) + "}\n";

    /// <summary>
    /// Reads the player's RTP into <paramref name="probe"/> until stopped, counting pictures in
    /// <see cref="_pictures"/>, with a GET_PARAMETER keepalive every 15 s (the frames read meanwhile go to the probe too).
    /// A connection the server closes ends it with an exception.
    /// </summary>
    private async Task KeepPlayingAsync(RtspTestClient player, string url, string session, RtpProbe probe, CancellationToken stop)
    {
        var keepalive = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            await player.ReadRtpAsync(probe, probe.Pictures.Count + 1);
            if (keepalive.Elapsed > TimeSpan.FromSeconds(15))
            {
                Assert.Equal(200, (await player.RequestAsync("GET_PARAMETER", url, ("Session", session))).Status);
                foreach (var (channel, payload) in player.SkippedFrames.Where(frame => frame.Channel == 0))
                {
                    probe.Add(payload);
                }

                player.SkippedFrames.Clear();
                keepalive.Restart();
            }

            Volatile.Write(ref _pictures, probe.Pictures.Count);
        }
    }

    /// <summary>Waits until the player has received <paramref name="count"/> pictures.</summary>
    private async Task PicturesAsync(int count)
    {
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref _pictures) < count)
        {
            Assert.True(deadline.Elapsed < Within, $"{Volatile.Read(ref _pictures)} of {count} pictures within {Within.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until a pulled session exists (its camera described its stream): DESCRIBE answers 200.</summary>
    private static async Task WaitUntilDescribedAsync(string url)
    {
        var deadline = Stopwatch.StartNew();
        var port = new Uri(url).Port;
        while (true)
        {
            await using (var client = await RtspTestClient.ConnectAsync(port))
            {
                var response = await client.RequestAsync("DESCRIBE", url, ("Accept", "application/sdp"));
                if (response.Status == 200)
                {
                    return;
                }

                Assert.True(deadline.Elapsed < Within, $"DESCRIBE {url}: {response}");
            }

            await Task.Delay(250);
        }
    }

    public void Dispose() => File.Delete(_file);
}
