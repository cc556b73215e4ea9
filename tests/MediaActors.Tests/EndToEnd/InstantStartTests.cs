using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.EndToEnd;

/// <summary>
/// Instant start: how long a player that joins `serve` (GOP 30 at 30 fps, one keyframe a second) waits
/// from sending PLAY until the first RTP packet, which must begin a keyframe. Ten joins at random points
/// of the GOP, one after another on new connections.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class InstantStartTests(ITestOutputHelper output)
{
    private const int Joins = 10;

    /// <summary>With the GOP cache (the default) the cached keyframe is sent at once: the target is 150 ms on
    /// average, where gst-rtsp-server needs about 700 ms.</summary>
    [Fact]
    public async Task With_the_gop_cache_the_first_packet_after_play_is_the_cached_keyframe_within_150_ms_on_average()
    {
        await using var serve = await ServeProcess.StartAsync("--width", "640", "--height", "360");

        var latencies = await MeasureJoinsAsync(serve);

        Assert.True(latencies.Average() < 150, $"PLAY to first keyframe packet took {latencies.Average():0} ms on average");
    }

    /// <summary>Without it a player waits for the encoder's next keyframe (half a GOP, 500 ms, on average); only
    /// that the first packet begins a keyframe is asserted, the times are printed.</summary>
    [Fact]
    public async Task Without_the_gop_cache_the_first_packet_after_play_is_the_next_keyframe()
    {
        await using var serve = await ServeProcess.StartWithConfigAsync("mediaactors.rtsp.gop-cache = off", "--width", "640", "--height", "360");

        await MeasureJoinsAsync(serve);
    }

    /// <summary>
    /// Joins <see cref="Joins"/> times, each after a random 0-1 s, and returns the milliseconds from sending PLAY
    /// to receiving the first RTP packet. One join before them warms up the server's PLAY path (its JIT: the first
    /// join after start took up to 90 ms on an idle machine and 800 ms on a busy one) and is printed, not counted.
    /// </summary>
    private async Task<List<double>> MeasureJoinsAsync(ServeProcess serve)
    {
        var warmUp = await JoinAsync(serve);
        var latencies = new List<double>();
        for (var join = 0; join < Joins; join++)
        {
            await Task.Delay(Random.Shared.Next(0, 1000));
            latencies.Add(await JoinAsync(serve));
        }
        output.WriteLine($"PLAY to first keyframe packet, {Joins} joins: average {latencies.Average():0} ms, min {latencies.Min():0} ms, " +
                         $"max {latencies.Max():0} ms; each: {string.Join(", ", latencies.Select(ms => ms.ToString("0", CultureInfo.InvariantCulture)))} " +
                         $"(the warm-up join before them: {warmUp:0} ms)");
        return latencies;
    }

    /// <summary>One join on a new connection; asserts the first RTP packet is the one RTP-Info names and begins a keyframe.</summary>
    private static async Task<double> JoinAsync(ServeProcess serve)
    {
        await using var client = await RtspTestClient.ConnectAsync(serve.Port);
        var setup = await client.RequestAsync("SETUP", serve.Url + "/trackID=0", ("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
        Assert.True(setup.Status == 200, $"SETUP: {setup}");

        var clock = Stopwatch.StartNew();
        var play = await client.RequestAsync("PLAY", serve.Url, ("Session", setup.Header("Session")!.Split(';')[0]));
        var (channel, firstPacket) = await client.ReadInterleavedAsync();
        while (channel != 0)
        {
            (channel, firstPacket) = await client.ReadInterleavedAsync();
        }

        var latency = clock.Elapsed.TotalMilliseconds;

        Assert.True(play.Status == 200, $"PLAY: {play}");
        var rtpInfoSequence = Regex.Match(play.Header("RTP-Info") ?? "", @"seq=(\d+)");
        Assert.True(rtpInfoSequence.Success, $"PLAY without RTP-Info seq: {play}");
        var collector = new RtpCollector();
        collector.Add(firstPacket);
        Assert.True(collector.Probe.StartedAtKeyframe, "the first RTP packet does not begin a keyframe");
        Assert.Equal(ushort.Parse(rtpInfoSequence.Groups[1].Value, CultureInfo.InvariantCulture), collector.Probe.FirstSequenceNumber);
        await collector.CollectAsync(client, 1);
        Assert.True(collector.AccessUnits[0].AccessUnit.IsKeyframe, "the first frame is not a keyframe");
        return latency;
    }
}
