using System.Diagnostics;
using System.Text.Json;
using MediaActors.Pushing;
using MediaActors.Testing;
using MediaActors.Testing.Peers;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Pushing;

/// <summary>
/// `serve --push` and <see cref="RtspServer.PushSession"/> send a session to a real RTSP server
/// taking ANNOUNCE/RECORD (gst-rtsp-server in record mode, writing what it receives to a file).
/// </summary>
public sealed class PushToServerTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly List<string> _files = [];

    [Fact]
    public async Task The_test_pattern_pushed_to_a_recording_server_is_a_decodable_h264_stream()
    {
        var file = TempFile();
        await using var target = await GstRtspCamera.StartAsync(new GstCameraOptions { Record = true, RecordFile = file, Path = "/push" });
        await using var serve = await ServeProcess.StartAsync("--push", target.Url);

        await WaitForBytesAsync(file, 1, serve);
        await Task.Delay(TimeSpan.FromSeconds(4));

        var (codec, width, height, frames) = await ProbeAsync(file);
        Assert.True((codec, width, height) == ("h264", 1280, 720), $"{codec} {width}x{height}");
        Assert.True(frames >= 50, $"only {frames} frames recorded. Log:\n{serve.Log}");
        Assert.True(serve.LogLines("recording to").Count > 0, serve.Log);
    }

    [Fact]
    public async Task Pushed_audio_reaches_the_recording_server()
    {
        var file = TempFile();
        await using var target = await GstRtspCamera.StartAsync(new GstCameraOptions { Record = true, RecordFile = file, Path = "/push", Audio = "pcmu" });
        await using var serve = await ServeProcess.StartAsync("--audio", "pcmu", "--push", target.Url);

        var audio = file + ".pcmu";
        await WaitForBytesAsync(audio, 1, serve);
        var first = new FileInfo(audio).Length;
        await Task.Delay(TimeSpan.FromSeconds(2));

        // G.711 is 8000 bytes a second: two seconds add most of 16000.
        Assert.True(new FileInfo(audio).Length - first > 8000, $"{audio} grew from {first} to {new FileInfo(audio).Length}");
        Assert.True(new FileInfo(file).Length > 0);
    }

    [Fact]
    public async Task A_push_connects_once_its_target_is_up_and_resumes_after_the_target_restarts()
    {
        var port = ServeProcess.FreeTcpPort();
        var url = $"rtsp://127.0.0.1:{port}/push";
        await using var serve = await ServeProcess.StartWithConfigAsync(
            "mediaactors.push-defaults { reconnect-min = 250ms, reconnect-max = 1s }", "--push", url);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.True(serve.LogLines("connecting again").Count > 0, serve.Log);

        var first = TempFile();
        var target = await GstRtspCamera.StartAsync(new GstCameraOptions { Record = true, RecordFile = first, Path = "/push", Port = port });
        try
        {
            var connected = Stopwatch.StartNew();
            await WaitForBytesAsync(first, 1, serve);
            Assert.True(connected.Elapsed < TimeSpan.FromSeconds(5), $"took {connected.Elapsed} to record. Log:\n{serve.Log}");
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.True((await ProbeAsync(first)).Frames >= 30);

            await target.KillAsync();
            await target.DisposeAsync();
            await Task.Delay(TimeSpan.FromSeconds(1));
            var second = TempFile();
            target = await GstRtspCamera.StartAsync(new GstCameraOptions { Record = true, RecordFile = second, Path = "/push", Port = port });
            var restarted = Stopwatch.StartNew();
            await WaitForBytesAsync(second, 1, serve);
            Assert.True(restarted.Elapsed < TimeSpan.FromSeconds(5), $"took {restarted.Elapsed} to record again. Log:\n{serve.Log}");
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.True((await ProbeAsync(second)).Frames >= 30);
            Assert.True(serve.LogLines("recording to").Count >= 2, serve.Log);
        }
        finally
        {
            await target.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_push_refused_with_401_says_so_and_the_session_still_serves_its_clients()
    {
        var file = TempFile();
        await using var target = await GstRtspCamera.StartAsync(new GstCameraOptions
        {
            Record = true,
            RecordFile = file,
            Path = "/push",
            User = "admin",
            Password = "12345",
        });
        var wrong = target.Url.Replace("rtsp://", "rtsp://admin:wrong@", StringComparison.Ordinal);
        await using var serve = await ServeProcess.StartAsync("--push", wrong);

        Assert.True(await serve.WaitForLogAsync("401", Deadline), serve.Log);
        var streams = await Ffprobe.StreamsAsync(serve.UrlOf("test"), "tcp");

        Assert.Equal(("h264", 1280, 720), (streams[0].CodecName, streams[0].Width, streams[0].Height));
        Assert.Contains(serve.LogLines("401"), line => line.Contains("Push test to", StringComparison.Ordinal) && line.Contains("connecting again", StringComparison.Ordinal));
        Assert.DoesNotContain("wrong", serve.Log, StringComparison.Ordinal);
        Assert.False(File.Exists(file) && new FileInfo(file).Length > 0);
    }

    /// <summary>
    /// A target that stops reading after RECORD, fed 10 MB/s: the push's bounded queue fills, it
    /// refuses frames instead of buffering them, counts the target as stalled and reconnects; the
    /// session goes on for everyone else (here: the same target's next connection records again).
    /// </summary>
    [Fact]
    public async Task A_target_that_stops_reading_costs_the_push_frames_and_a_reconnect_not_memory()
    {
        await using var target = new StalledPushTarget();
        var keyframe = (await EncodedTestStream.GetAccessUnitsAsync())[0];
        using var server = new RtspServer(LoopbackSettings.Rtsp);
        server.Init(0);
        server.CreateSession("big", VideoType.H264, false);
        using var feeding = new CancellationTokenSource();
        var feeder = Task.Run(() => FeedLargeFramesAsync(server, "big", keyframe, feeding.Token));
        try
        {
            server.PushSession("big", RtspPushSettings.Create(target.Url) with
            {
                MaxQueuedBytes = 1024 * 1024,
                StallTimeout = TimeSpan.FromSeconds(1),
                ReconnectMin = TimeSpan.FromMilliseconds(100),
            });

            var recording = await WaitForAsync(server, "big", all => all[0].State == "recording" && all[0].FramesRefused > 0);
            Assert.True(recording[0].QueuedBytes <= 1024 * 1024 + ConnectionWriterAllowance, recording[0].ToString());
            var failed = await WaitForAsync(server, "big", all => all[0].LastError is not null);
            Assert.Contains("took nothing", failed[0].LastError, StringComparison.Ordinal);
            await WaitForAsync(server, "big", all => all[0].Connections > 1);
            Assert.True(target.Recording >= 2);
        }
        finally
        {
            await feeding.CancelAsync();
            await feeder;
        }
    }

    [Fact]
    public async Task The_facade_reports_a_recording_push_and_a_refused_one_and_stops_both_with_the_session()
    {
        var file = TempFile();
        await using var target = await GstRtspCamera.StartAsync(new GstCameraOptions { Record = true, RecordFile = file, Path = "/push" });
        await using var secured = await GstRtspCamera.StartAsync(new GstCameraOptions
        {
            Record = true,
            RecordFile = TempFile(),
            Path = "/push",
            User = "admin",
            Password = "12345",
        });
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        using var server = new RtspServer(LoopbackSettings.Rtsp);
        server.Init(0);
        server.CreateSession("cam", VideoType.H264, false);
        await using (new K230Feeder(server, "cam", accessUnits, FeedMode.OneNalUnitPerCall))
        {
            server.PushSession("cam", RtspPushSettings.Create(target.Url));
            server.PushSession("cam", RtspPushSettings.Create(secured.Url.Replace("rtsp://", "rtsp://admin:wrong@", StringComparison.Ordinal)));
            Assert.Throws<ArgumentException>(() => server.PushSession("cam", RtspPushSettings.Create(target.Url)));
            Assert.Throws<RtspSessionNotFoundException>(() => server.PushSession("nope", RtspPushSettings.Create(target.Url)));

            var stats = await WaitForAsync(server, "cam", all => all[0].State == "recording" && all[0].FramesSent > 30 && all[1].Failures > 0);

            Assert.Equal((target.Url, 1, 0), (stats[0].Target, stats[0].Connections, stats[0].Failures));
            Assert.True(stats[0].BytesSent > 10_000, stats[0].ToString());
            Assert.Equal((secured.Url, 0), (stats[1].Target, stats[1].Connections));
            Assert.Contains("401", stats[1].LastError, StringComparison.Ordinal);
            Assert.True(new FileInfo(file).Length > 0);
        }

        server.DestroySession("cam");
        Assert.Empty(server.GetPushStats("cam"));
    }

    public void Dispose()
    {
        foreach (var file in _files.SelectMany(file => new[] { file, file + ".pcmu" }))
        {
            File.Delete(file);
        }
    }

    private string TempFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mediaactors-push-{Guid.NewGuid():N}.h264");
        _files.Add(file);
        return file;
    }

    private static async Task WaitForBytesAsync(string file, long bytes, ServeProcess serve)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!File.Exists(file) || new FileInfo(file).Length < bytes)
        {
            Assert.False(deadline.IsCancellationRequested, $"{file} did not reach {bytes} bytes within {Deadline}. Log:\n{serve.Log}");
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private const long ConnectionWriterAllowance = Connections.ConnectionWriter.ControlAllowanceBytes;

    /// <summary>The test stream's keyframe, then 100 kB pictures of noise (no zero bytes, so no start codes), 100 a second; a keyframe every 30.</summary>
    private static async Task FeedLargeFramesAsync(RtspServer server, string session, byte[] keyframe, CancellationToken stop)
    {
        var picture = new byte[100_000];
        Random.Shared.NextBytes(picture);
        for (var i = 0; i < picture.Length; i++)
        {
            picture[i] |= 1;
        }

        picture[0] = picture[1] = picture[2] = 0;
        picture[3] = 1;
        picture[4] = 0x41;
        // first_mb_in_slice 0: each call is a new picture.
        picture[5] |= 0x80;
        for (var frame = 0; !stop.IsCancellationRequested; frame++)
        {
            var accessUnit = frame % 30 == 0 ? keyframe : picture;
            server.SendVideoData(session, accessUnit.AsSpan(), 1000);
            try
            {
                await Task.Delay(10, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<bool> WaitAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(100, CancellationToken.None);
        }

        return true;
    }

    private static async Task<IReadOnlyList<RtspPush.Stats>> WaitForAsync(RtspServer server, string session, Func<IReadOnlyList<RtspPush.Stats>, bool> done)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            var stats = server.GetPushStats(session);
            if (done(stats))
            {
                return stats;
            }

            Assert.False(deadline.IsCancellationRequested, $"the pushes did not get there within {Deadline}: {string.Join("; ", stats)}");
            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>The recorded file's video as ffprobe decodes it: every frame counted.</summary>
    private static async Task<(string Codec, int Width, int Height, int Frames)> ProbeAsync(string file)
    {
        var result = await ExternalTool.RunAsync("ffprobe", new[]
        {
            "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "json", file,
        }, TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        var stream = JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("streams")[0];
        return (stream.GetProperty("codec_name").GetString()!, stream.GetProperty("width").GetInt32(), stream.GetProperty("height").GetInt32(),
            int.Parse(stream.GetProperty("nb_read_frames").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
