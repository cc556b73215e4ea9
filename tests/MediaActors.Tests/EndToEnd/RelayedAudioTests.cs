using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

/// <summary>
/// A board session with sound (`board --audio`), played through a relay: both tracks reach the
/// relay's players, and they stay together (the relay's sender reports map both to one clock).
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class RelayedAudioTests(ITestOutputHelper output)
{
    private static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(30);

    [Theory(Timeout = 180_000)]
    [InlineData("pcmu", "pcm_mulaw")]
    [InlineData("pcma", "pcm_alaw")]
    [InlineData("aac", "aac")]
    public async Task Both_tracks_of_a_board_session_play_through_the_relay_in_sync(string audio, string probedCodec)
    {
        var clusterPort = ServeProcess.FreeTcpPort();
        await using var relay = await ServeProcess.StartRelayAsync(clusterPort);
        await using var board = await ServeProcess.StartBoardAsync("cam1", ServeProcess.FreeTcpPort(), clusterPort,
            "--audio", audio, "--width", "320", "--height", "240");
        Assert.True(await relay.WaitForLogAsync("Relay: serving cam1/test", DiscoveryTimeout), $"relay:\n{relay.Log}\nboard:\n{board.Log}");
        var url = relay.Url + "cam1/test";

        var streams = await Ffprobe.StreamsAsync(url, "tcp");
        Assert.Equal(["h264", probedCodec], streams.Select(stream => stream.CodecName));

        // The relay still pulls (ffprobe started it, the linger keeps it): the recording starts from its GOP cache.
        var (startDifference, lengthDifference, audioPacket) = await FrameCrc.AssertAudioAndVideoInSyncAsync(url);
        output.WriteLine($"{audio} through the relay: tracks start {startDifference * 1000:F0} ms apart, lengths differ by " +
                         $"{lengthDifference * 1000:F0} ms over 10 s; an audio packet lasts {audioPacket * 1000:F0} ms");
        Assert.InRange(startDifference, 0, 0.1);
        // ffmpeg's -t ends each track at a packet: the tracks' ends can be a packet apart, and an AAC
        // packet at the tone's 8 kHz is 128 ms (1024 samples) where G.711's are 20 ms.
        Assert.InRange(lengthDifference, 0, Math.Max(0.1, audioPacket));
    }
}
