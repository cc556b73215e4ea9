using MediaActors.Protocol.Rtp;

namespace MediaActors.Protocol.Tests.Rtp;

public sealed class RtpPacketBatchTests
{
    [Fact]
    public void Exposes_packets_by_their_end_offsets()
    {
        byte[] buffer = [1, 2, 3, 4, 5, 6, 0];

        var batch = new RtpPacketBatch(buffer, [2, 3, 6], timestamp: 9, firstSequenceNumber: 7, isKeyframe: true);

        Assert.Equal(3, batch.Count);
        Assert.Equal(6, batch.TotalBytes);
        Assert.Equal([1, 2], batch[0].ToArray());
        Assert.Equal([3], batch[1].ToArray());
        Assert.Equal([4, 5, 6], batch[2].ToArray());
        Assert.Equal([1, 2, 3, 4, 5, 6], batch.Buffer.ToArray());
        Assert.Equal((9u, (ushort)7, true), (batch.Timestamp, batch.FirstSequenceNumber, batch.IsKeyframe));
    }

    [Theory]
    [InlineData(new[] { 2, 2 })]
    [InlineData(new[] { 3, 1 })]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 8 })]
    public void Rejects_invalid_boundaries(int[] ends)
    {
        Assert.Throws<ArgumentException>(() => new RtpPacketBatch(new byte[7], ends, 0, 0, false));
    }
}
