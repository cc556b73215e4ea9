using MediaActors.Protocol.Rtp;
using MediaActors.Sessions;

namespace MediaActors.Tests.Sessions;

public sealed class RecentAudioTests
{
    /// <summary>A chunk per 128 ms (AAC at 8 kHz), told apart by its RTP timestamp.</summary>
    private static RtpPacketBatch Chunk(uint timestamp) => new(new byte[12], [12], timestamp, (ushort)timestamp, isKeyframe: true);

    private static RecentAudio FourChunks()
    {
        var recent = new RecentAudio();
        for (var i = 0u; i < 4; i++)
        {
            recent.Add(Chunk(i), 128_000 * i);
        }

        return recent;
    }

    [Theory]
    [InlineData(300_000, new uint[] { 2, 3 })]
    [InlineData(256_000, new uint[] { 2, 3 })]
    [InlineData(255_999, new uint[] { 1, 2, 3 })]
    [InlineData(-5, new uint[] { 0, 1, 2, 3 })]
    [InlineData(9_000_000, new uint[] { 3 })]
    public void A_joining_client_gets_the_chunk_that_holds_the_given_instant_and_every_later_one(long instant, uint[] expected) =>
        Assert.Equal(expected, FourChunks().From(instant).Select(chunk => chunk.Timestamp));

    [Fact]
    public void Only_the_last_second_is_kept_and_at_most_64_chunks()
    {
        var recent = FourChunks();
        recent.Add(Chunk(10), 1_300_000);
        Assert.Equal([3u, 10u], recent.From(0).Select(chunk => chunk.Timestamp));

        for (var i = 0u; i < 100; i++)
        {
            recent.Add(Chunk(100 + i), 1_400_000 + i);
        }

        Assert.Equal(64, recent.Count);
    }

    [Fact]
    public void Cleared_it_gives_nothing()
    {
        var recent = FourChunks();
        recent.Clear();
        Assert.Empty(recent.From(0));
    }
}
