using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Tests.Samples;

namespace MediaActors.Protocol.Tests.Rtp;

public sealed class G711PacketizerTests
{
    private static byte[] Payloads(RtpPacketBatch batch)
    {
        var samples = new List<byte>();
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.True(RtpHeader.TryRead(batch[i].Span, out _, out var offset, out var length));
            samples.AddRange(batch[i].Span.Slice(offset, length).ToArray());
        }

        return [.. samples];
    }

    [Fact]
    public void One_second_of_ffmpeg_mulaw_becomes_fifty_20_ms_packets()
    {
        var samples = SampleFiles.Read("sine8k.ulaw");
        var packetizer = new G711Packetizer(ssrc: 0x11223344, initialSequenceNumber: 1000, CodecFormat.Pcmu);

        var batch = packetizer.Packetize(samples, rtpTimestamp: 5000);

        Assert.Equal(50, batch.Count);
        Assert.Equal((5000u, (ushort)1000, true), (batch.Timestamp, batch.FirstSequenceNumber, batch.IsKeyframe));
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.Equal(RtpHeader.Size + 160, batch[i].Length);
            Assert.True(RtpHeader.TryRead(batch[i].Span, out var header, out _));
            Assert.Equal(new RtpHeader(false, 0, (ushort)(1000 + i), (uint)(5000 + (160 * i)), 0x11223344), header);
        }

        Assert.Equal(samples, Payloads(batch));
        Assert.Equal(1050, packetizer.NextSequenceNumber);
    }

    [Fact]
    public void Writes_the_header_byte_exact_for_a_law()
    {
        var batch = new G711Packetizer(0x01020304, 0x1234, CodecFormat.Pcma).Packetize([0xD5, 0x55], 0xAABBCCDD);

        Assert.Equal([0x80, 0x08, 0x12, 0x34, 0xAA, 0xBB, 0xCC, 0xDD, 0x01, 0x02, 0x03, 0x04, 0xD5, 0x55], batch[0].ToArray());
    }

    [Theory]
    [InlineData(159, new[] { 159 })]
    [InlineData(160, new[] { 160 })]
    [InlineData(161, new[] { 160, 1 })]
    [InlineData(400, new[] { 160, 160, 80 })]
    public void Splits_at_the_packet_duration_and_stamps_each_packet_with_its_first_sample(int sampleCount, int[] packetSizes)
    {
        var samples = new byte[sampleCount];
        new Random(sampleCount).NextBytes(samples);

        var batch = new G711Packetizer(1, 0, CodecFormat.Pcmu).Packetize(samples, uint.MaxValue - 200);

        Assert.Equal(packetSizes.Length, batch.Count);
        var expectedTimestamp = uint.MaxValue - 200;
        for (var i = 0; i < batch.Count; i++)
        {
            RtpHeader.TryRead(batch[i].Span, out var header, out _);
            Assert.Equal(RtpHeader.Size + packetSizes[i], batch[i].Length);
            Assert.Equal(expectedTimestamp, header.Timestamp); // wraps past 2^32
            Assert.False(header.Marker);
            expectedTimestamp = unchecked(expectedTimestamp + (uint)packetSizes[i]);
        }

        Assert.Equal(samples, Payloads(batch));
    }

    [Theory]
    [InlineData(10, 80)]
    [InlineData(30, 240)]
    [InlineData(G711Packetizer.MaxPacketDurationMs, G711Packetizer.MaxPacketDurationMs * 8)]
    public void Packet_duration_is_configurable(int milliseconds, int samplesPerPacket)
    {
        var packetizer = new G711Packetizer(1, 0, CodecFormat.Pcmu, milliseconds);

        var batch = packetizer.Packetize(new byte[samplesPerPacket * 2], 0);

        Assert.Equal(samplesPerPacket, packetizer.MaxSamplesPerPacket);
        Assert.Equal(2, batch.Count);
        Assert.True(batch[0].Length <= NalUnitPacketizer.MaxPacketSize);
    }

    [Fact]
    public void Consecutive_buffers_continue_the_sequence_and_empty_input_sends_nothing()
    {
        var packetizer = new G711Packetizer(1, 65535, CodecFormat.Pcmu);

        var first = packetizer.Packetize(new byte[160], 0);
        var empty = packetizer.Packetize([], 160);
        var second = packetizer.Packetize(new byte[160], 160);

        Assert.Equal((ushort)65535, first.FirstSequenceNumber);
        Assert.Equal(0, empty.Count);
        Assert.Equal(0, empty.TotalBytes);
        Assert.Equal((ushort)0, second.FirstSequenceNumber);
        Assert.Equal(1, packetizer.NextSequenceNumber);
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new G711Packetizer(1, 0, CodecFormat.Pcmu, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new G711Packetizer(1, 0, CodecFormat.Pcmu, G711Packetizer.MaxPacketDurationMs + 1));
        Assert.Throws<ArgumentNullException>(() => new G711Packetizer(1, 0, null!));
    }

    [Fact]
    public void Ffmpeg_alaw_round_trips_with_payload_type_8()
    {
        var samples = SampleFiles.Read("sine8k.alaw");

        var batch = new G711Packetizer(1, 0, CodecFormat.Pcma, maxPacketDurationMs: 30).Packetize(samples, 0);

        Assert.Equal(34, batch.Count); // 33 packets of 240 samples and one of 80
        RtpHeader.TryRead(batch[0].Span, out var header, out _);
        Assert.Equal(8, header.PayloadType);
        Assert.Equal(samples, Payloads(batch));
    }
}
