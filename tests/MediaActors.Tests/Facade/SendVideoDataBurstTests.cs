using System.Diagnostics;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;
using MediaActors.Testing;
using MediaActors.Testing.Rtp;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.Facade;

/// <summary>
/// A K230 encoder with 8 output buffers hands its pictures over all at once after its caller's
/// thread stalled, with the sample's constant timestamp 1000: a player still receives them a
/// frame interval apart in RTP time, not a millisecond apart.
/// </summary>
public sealed class SendVideoDataBurstTests
{
    private const int TicksPerFrame = 90_000 / EncodedTestStream.FramesPerSecond;
    private const int FrameCount = 90;
    private const int StallAt = 45;
    private const int BurstFrames = 8;

    [Fact]
    public async Task Pictures_handed_over_back_to_back_after_a_stall_are_a_frame_interval_apart_in_rtp_time()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync(Codec.H264);
        await using var server = await StreamingServer.StartAsync(FeedMode.OneNalUnitPerCall, feed: false);
        await using var client = await server.ConnectAsync();
        // The first keyframe, so that PLAY starts the client at once (from the GOP cache); every
        // later picture is pushed while the client plays and reaches it live.
        K230Feeder.Send(server.Server, StreamingServer.Session, accessUnits[0], FeedMode.OneNalUnitPerCall, 1000);
        await client.SetupAndPlayAsync(server.Url);

        var probe = new RtpProbe(Codec.H264);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var pushing = Task.Run(() => PushWithStallAsync(server, accessUnits, stop.Token));
        try
        {
            await client.ReadRtpAsync(probe, FrameCount);
        }
        finally
        {
            await stop.CancelAsync();
            await IgnoreCancellationAsync(pushing);
        }

        Assert.Equal((0L, 0), (probe.Lost, probe.TimestampRegressions));
        var steps = probe.TimestampSteps().ToList();
        var burst = probe.Pictures.Skip(StallAt).Take(BurstFrames).ToList();
        var burstArrivedWithin = Stopwatch.GetElapsedTime(burst[0].ArrivedAt, burst[^1].ArrivedAt);
        Assert.True(burstArrivedWithin < TimeSpan.FromSeconds(4.0 / EncodedTestStream.FramesPerSecond),
            $"the burst reached the client over {burstArrivedWithin.TotalMilliseconds:0} ms, not at once: the test did not make one");
        // The stall itself is a gap in the stream, followed as it is.
        Assert.True(steps[StallAt - 1] is >= 6 * TicksPerFrame and <= 10 * TicksPerFrame,
            $"the stall is not where it was made: steps {string.Join(", ", steps)}");
        var burstSteps = steps.Skip(StallAt).Take(BurstFrames - 1).ToList();
        Assert.True(burstSteps.All(step => step is >= TicksPerFrame * 85 / 100 and <= TicksPerFrame * 11 / 10),
            $"steps within the burst: {string.Join(", ", burstSteps)} (expected about {TicksPerFrame}); all steps: {string.Join(", ", steps)}");
    }

    /// <summary>
    /// Pushes <see cref="FrameCount"/> - 1 more pictures at 30 fps with the constant timestamp
    /// 1000, except that the caller stalls before picture <see cref="StallAt"/>: it and the next
    /// ones are pushed back to back when the last of them is due.
    /// </summary>
    private static async Task PushWithStallAsync(StreamingServer server, IReadOnlyList<byte[]> accessUnits, CancellationToken cancellationToken)
    {
        var nalUnits = new List<NalUnitRange>();
        var clock = Stopwatch.StartNew();
        for (var frame = 1; frame < FrameCount; frame++)
        {
            var dueFrame = frame is >= StallAt and < StallAt + BurstFrames ? StallAt + BurstFrames - 1 : frame;
            var wait = TimeSpan.FromSeconds((double)dueFrame / EncodedTestStream.FramesPerSecond) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            K230Feeder.Send(server.Server, StreamingServer.Session, accessUnits[frame % accessUnits.Count], FeedMode.OneNalUnitPerCall, 1000, nalUnits);
        }
    }

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Stopped because the reading ended first (it failed).
        }
    }
}
