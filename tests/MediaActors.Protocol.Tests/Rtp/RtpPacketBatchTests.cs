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

    [Fact]
    public void Retimed_copy_moves_every_packet_timestamp_and_leaves_the_original_alone()
    {
        var buffer = new byte[2 * RtpHeader.Size + 3];
        new RtpHeader(false, 96, 7, uint.MaxValue - 1, 42).WriteTo(buffer);
        new RtpHeader(true, 96, 8, 159, 42).WriteTo(buffer.AsSpan(RtpHeader.Size + 1));
        buffer[RtpHeader.Size] = 0xAB;
        var batch = new RtpPacketBatch(buffer, [RtpHeader.Size + 1, buffer.Length], uint.MaxValue - 1, 7, isKeyframe: true);

        var retimed = batch.Retimed(1000);

        Assert.Equal((1000u, (ushort)7, true), (retimed.Timestamp, retimed.FirstSequenceNumber, retimed.IsKeyframe));
        Assert.True(RtpHeader.TryRead(retimed[0].Span, out var first, out _));
        Assert.True(RtpHeader.TryRead(retimed[1].Span, out var second, out _));
        Assert.Equal((1000u, (ushort)7, false), (first.Timestamp, first.SequenceNumber, first.Marker));
        // The second packet keeps its distance to the first (161 ticks, across the wrap).
        Assert.Equal((1161u, (ushort)8, true), (second.Timestamp, second.SequenceNumber, second.Marker));
        Assert.Equal(0xAB, retimed[0].Span[RtpHeader.Size]);
        Assert.True(RtpHeader.TryRead(batch[0].Span, out var original, out _));
        Assert.Equal(uint.MaxValue - 1, original.Timestamp);
    }

    [Fact]
    public void Interleaved_form_frames_every_packet_for_the_channel_and_is_built_once_per_channel()
    {
        var batch = new RtpPacketBatch([1, 2, 3, 4, 5, 6, 7], [2, 3, 7], 9, 7, isKeyframe: true);

        var onChannel0 = batch.Interleaved(0);
        var onChannel2 = batch.Interleaved(2);

        Assert.Equal([(byte)'$', 0, 0, 2, 1, 2, (byte)'$', 0, 0, 1, 3, (byte)'$', 0, 0, 4, 4, 5, 6, 7], onChannel0.ToArray());
        Assert.Equal([(byte)'$', 2, 0, 2, 1, 2, (byte)'$', 2, 0, 1, 3, (byte)'$', 2, 0, 4, 4, 5, 6, 7], onChannel2.ToArray());
        Assert.True(batch.Interleaved(2).Span == onChannel2.Span, "a second client on the same channel shares the buffer");
    }
}
