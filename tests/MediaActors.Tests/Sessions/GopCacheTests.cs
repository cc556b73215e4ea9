using MediaActors.Protocol.Rtp;
using MediaActors.Sessions;

namespace MediaActors.Tests.Sessions;

public sealed class GopCacheTests
{
    [Fact]
    public void Further_slices_of_a_keyframe_join_it_and_keep_one_timestamp_in_the_catch_up()
    {
        var cache = new GopCache(maxBytes: 1 << 20, maxFrames: 60);
        cache.Add(Batch(timestamp: 9000, sequence: 10, keyframe: true));
        cache.Add(Batch(timestamp: 9000, sequence: 11, keyframe: true));
        cache.Add(Batch(timestamp: 12000, sequence: 12, keyframe: false));

        var catchUp = cache.CatchUpFrames();

        Assert.Equal(new ushort[] { 10, 11, 12 }, catchUp.Select(f => f.FirstSequenceNumber));
        Assert.Equal(new uint[] { 12000 - GopCache.CatchUpSpacingTicks, 12000 - GopCache.CatchUpSpacingTicks, 12000 }, catchUp.Select(f => f.Timestamp));
    }

    [Fact]
    public void A_gop_past_the_bound_is_dropped_whole_until_the_next_keyframe()
    {
        var cache = new GopCache(maxBytes: 1 << 20, maxFrames: 2);
        cache.Add(Batch(0, 1, keyframe: true));
        cache.Add(Batch(3000, 2, keyframe: false));
        cache.Add(Batch(6000, 3, keyframe: false));
        cache.Add(Batch(9000, 4, keyframe: false));

        Assert.Equal((0, 1L), (cache.FrameCount, cache.Overflows));
        cache.Add(Batch(12000, 5, keyframe: true));
        Assert.Equal(1, cache.FrameCount);
    }

    [Fact]
    public void Frames_before_the_first_keyframe_are_not_cached()
    {
        var cache = new GopCache(maxBytes: 1 << 20, maxFrames: 60);

        cache.Add(Batch(0, 1, keyframe: false));

        Assert.Empty(cache.CatchUpFrames());
    }

    private static RtpPacketBatch Batch(uint timestamp, ushort sequence, bool keyframe)
    {
        var packet = new byte[RtpHeader.Size + 4];
        new RtpHeader(true, 96, sequence, timestamp, 1).WriteTo(packet);
        return new RtpPacketBatch(packet, [packet.Length], timestamp, sequence, keyframe);
    }
}
