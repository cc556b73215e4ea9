using MediaActors.Protocol.Formats;
using MediaActors.Testing.Cluster;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;

namespace MediaActors.Tests.TestSupport;

/// <summary>
/// MediaActors.Testing's two-node cluster as a user of the library would drive it (README.md shows
/// this test): a board's scripted camera, relayed, played over RTSP and read with the RTP probe.
/// </summary>
public sealed class TwoNodeClusterTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_board_session_plays_through_the_relay_from_a_keyframe_without_loss()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        await cluster.WaitUntilRelayedAsync(TimeSpan.FromSeconds(20));

        await using var player = await RtspTestClient.ConnectAsync(cluster.Relay.Port);
        await player.SetupAndPlayAsync(cluster.RelayedUrl);
        var probe = new RtpProbe(Codec.H264);
        await player.ReadRtpAsync(probe, pictures: 30);

        Assert.True(probe.StartedAtKeyframe);
        Assert.Equal((0L, 0L, 0), (probe.Lost, probe.ForeignPackets, probe.TimestampRegressions));
        Assert.True(probe.Keyframes >= 2, $"{probe.Keyframes} keyframes in 30 pictures of a 15-frame GOP");
    }
}
