using System.Diagnostics;
using System.Globalization;
using MediaActors.Protocol.Rtcp;
using MediaActors.Testing.Processes;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.EndToEnd;

/// <summary>
/// Encoder self-healing: the ffmpeg encoder of `serve` dies (SIGKILL) mid-stream; the camera restarts it
/// with a fresh ffmpeg and the session's clients stay connected and resume at its first keyframe.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class EncoderRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan PlayAfterRestart = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ResumeWithin = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Killing_the_ffmpeg_encoder_restarts_it_and_the_clients_stay_connected_and_resume_at_a_keyframe()
    {
        await using var serve = await ServeProcess.StartAsync("--width", "640", "--height", "360");
        var oldEncoder = Assert.Single(serve.EncoderProcessIds());
        await using var client = await RtspTestClient.ConnectAsync(serve.Port);
        client.ReadTimeout = ResumeWithin;
        var session = await client.SetupAndPlayAsync(serve.Url);
        // ffmpeg plays over TCP too, through the restart (it would fail on a closed connection or a 10 s silence).
        var recording = FrameTimingTests.RecordFramesAsync(serve.Url, "tcp", seconds: 8);

        var collector = new RtpCollector();
        var goodbyes = new List<RtcpGoodbye>();
        var clock = Stopwatch.StartNew();
        TimeSpan? killedAt = null, lastPacketBeforeKill = null, firstPacketAfterKill = null, keyframeAfterKill = null;
        var resumedAt = 0;
        var previousArrival = TimeSpan.Zero;
        var longestSilence = TimeSpan.Zero;
        while (keyframeAfterKill is null || clock.Elapsed < keyframeAfterKill + PlayAfterRestart)
        {
            if (killedAt is null && clock.Elapsed >= KillAfter)
            {
                Process.GetProcessById(oldEncoder).Kill();
                killedAt = clock.Elapsed;
                lastPacketBeforeKill = previousArrival;
            }
            (byte Channel, byte[] Payload) frame;
            try
            {
                frame = await client.ReadInterleavedAsync();
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no RTP or RTCP for {ResumeWithin.TotalSeconds} s (encoder killed at {killedAt?.TotalSeconds:0.0} s):\n{serve.Log}");
                throw;
            }
            var now = clock.Elapsed;
            if (frame.Channel == 1)
            {
                var packets = new List<RtcpPacket>();
                RtcpCompoundReader.TryRead(frame.Payload, packets);
                goodbyes.AddRange(packets.OfType<RtcpGoodbye>());
                continue;
            }

            // Throws if the SSRC changes: the client's stream must continue, not start over.
            var framesBefore = collector.AccessUnits.Count;
            collector.Add(frame.Payload);
            if (previousArrival > TimeSpan.Zero)
            {
                longestSilence = TimeSpan.FromTicks(Math.Max(longestSilence.Ticks, (now - previousArrival).Ticks));
            }

            previousArrival = now;
            if (killedAt is not null)
            {
                firstPacketAfterKill ??= now;
                if (keyframeAfterKill is null && collector.AccessUnits.Count > framesBefore && collector.AccessUnits[^1].AccessUnit.IsKeyframe)
                {
                    keyframeAfterKill = now;
                    resumedAt = collector.AccessUnits.Count - 1;
                }
            }
            Assert.True(now < KillAfter + ResumeWithin + PlayAfterRestart + TimeSpan.FromSeconds(5), "the test ran too long:\n" + serve.Log);
        }

        var frames = collector.AccessUnits;
        var rtpSteps = frames.Zip(frames.Skip(1), (a, b) => (int)(b.Timestamp - a.Timestamp)).ToList();
        var newEncoders = serve.EncoderProcessIds();
        var recorded = await recording.WaitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"encoder {oldEncoder} killed at {Seconds(killedAt)}; last RTP before it at {Seconds(lastPacketBeforeKill)}, " +
                         $"first after it at {Seconds(firstPacketAfterKill)}, first keyframe after it at {Seconds(keyframeAfterKill)} " +
                         $"({(keyframeAfterKill - killedAt)!.Value.TotalMilliseconds:0} ms after the kill); longest silence between RTP packets " +
                         $"{longestSilence.TotalMilliseconds:0} ms, RTP time across it {(resumedAt > 0 ? rtpSteps[resumedAt - 1] / 90.0 : double.NaN):0} ms; new encoder(s) {string.Join(", ", newEncoders)}; " +
                         $"the TCP client received {collector.AccessUnits.Count} frames, ffmpeg recorded {recorded.Count}");

        Assert.True(keyframeAfterKill - killedAt < ResumeWithin, "no keyframe soon after the kill");
        Assert.Equal(0, collector.Probe.Lost);
        // RTP time goes on through the restart, never back (the session stamps the new encoder's frames on its clock).
        Assert.All(rtpSteps, step => Assert.True(step > 0, $"RTP time went backwards or stood still: {string.Join(", ", rtpSteps)}"));
        Assert.Empty(goodbyes);
        Assert.False(ProcessTree.IsAlive(oldEncoder), $"the killed encoder {oldEncoder} is still there");
        var newEncoder = Assert.Single(newEncoders);
        Assert.NotEqual(oldEncoder, newEncoder);
        Assert.Contains("Camera source failed (", serve.Log);
        Assert.Contains("restarting it", serve.Log);
        // ffmpeg stayed connected through the restart and recorded its 8 s (the gap of the restart included).
        Assert.True(recorded.Count >= 150, $"ffmpeg recorded only {recorded.Count} frames");

        // The client is still connected: the server answers it on the same connection.
        Assert.Equal(200, (await client.RequestAsync("GET_PARAMETER", serve.Url, ("Session", session.Id))).Status);

        // And the restarted host still shuts down cleanly, taking the new encoder with it.
        Assert.True(await serve.TerminateAsync(), "serve did not exit within 15 s of SIGTERM:\n" + serve.Log);
        Assert.True(serve.ExitCode == 0, $"exit code {serve.ExitCode}:\n{serve.Log}");
        Assert.False(ProcessTree.IsAlive(newEncoder), $"encoder process {newEncoder} outlived serve");
    }

    private static string Seconds(TimeSpan? time) => time is { } t ? t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s" : "never";
}
