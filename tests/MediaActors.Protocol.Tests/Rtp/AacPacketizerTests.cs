using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Tests.Samples;

namespace MediaActors.Protocol.Tests.Rtp;

public sealed class AacPacketizerTests
{
    private const int MaxPacketSize = 1200;

    /// <summary>RTP header, AU-headers-length and one AU header.</summary>
    private const int MaxSingleAu = MaxPacketSize - RtpHeader.Size - 4;

    private static byte[] RandomAccessUnit(Random random, int length)
    {
        var accessUnit = new byte[length];
        random.NextBytes(accessUnit);
        return accessUnit;
    }

    private static ReadOnlyMemory<byte>[] Units(params byte[][] accessUnits) => accessUnits.Select(unit => (ReadOnlyMemory<byte>)unit).ToArray();

    private static List<(uint Timestamp, byte[] Data)> Depacketize(RtpPacketBatch batch, AacDepacketizer? depacketizer = null)
    {
        depacketizer ??= new AacDepacketizer();
        var frames = new List<AudioFrame>();
        for (var i = 0; i < batch.Count; i++)
        {
            depacketizer.Push(batch[i].Span, frames);
        }

        Assert.Equal((0, 0), (depacketizer.LostPackets, depacketizer.DiscardedPackets));
        Assert.All(frames, frame => Assert.Equal(1024, frame.Samples));
        return [.. frames.Select(frame => (frame.RtpTimestamp, frame.Data.ToArray()))];
    }

    [Fact]
    public void Writes_one_access_unit_byte_exact()
    {
        var packetizer = new AacPacketizer(ssrc: 0x01020304, initialSequenceNumber: 0x1234, payloadType: 97);

        var batch = packetizer.Packetize(Units([0xDE, 0xAD, 0xBE]), rtpTimestamp: 0xAABBCCDD);

        byte[] expected =
        [
            0x80, 0xE1, 0x12, 0x34, 0xAA, 0xBB, 0xCC, 0xDD, 0x01, 0x02, 0x03, 0x04, // marker, PT 97
            0x00, 0x10, // AU-headers-length: 16 bits
            0x00, 0x18, // AU-size 3, AU-index 0
            0xDE, 0xAD, 0xBE,
        ];
        Assert.Equal(expected, batch[0].ToArray());
        Assert.True(batch.IsKeyframe);
    }

    [Fact]
    public void Aggregates_access_units_headers_first_then_data()
    {
        var batch = new AacPacketizer(1, 0).Packetize(Units([0xA1], [0xB1, 0xB2], [0xC1, 0xC2, 0xC3]), 0);

        Assert.Equal(1, batch.Count);
        byte[] payload = [0x00, 0x30, 0x00, 0x08, 0x00, 0x10, 0x00, 0x18, 0xA1, 0xB1, 0xB2, 0xC1, 0xC2, 0xC3];
        Assert.Equal(payload, batch[0].Span[RtpHeader.Size..].ToArray());
    }

    [Fact]
    public void Ffmpeg_access_units_are_aggregated_and_stamped_with_their_first_unit()
    {
        var accessUnits = new List<ReadOnlyMemory<byte>>();
        AdtsSplitter.Split(SampleFiles.Read("sine8k.aac"), accessUnits, out _);
        var packetizer = new AacPacketizer(0x11223344, 100, maxPacketSize: MaxPacketSize);

        var batch = packetizer.Packetize(accessUnits, rtpTimestamp: 8000);

        // AUs of 601+580 | 393+390+351 | 426+399 | 416+470 bytes (each with a 2-byte AU header) fill four packets.
        Assert.Equal(4, batch.Count);
        uint[] timestamps = [8000, 8000 + (2 * 1024), 8000 + (5 * 1024), 8000 + (7 * 1024)];
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.True(batch[i].Length <= MaxPacketSize);
            Assert.True(RtpHeader.TryRead(batch[i].Span, out var header, out _));
            Assert.Equal(new RtpHeader(true, 97, (ushort)(100 + i), timestamps[i], 0x11223344), header);
        }

        Assert.Equal(8000u, batch.Timestamp);
        var received = Depacketize(batch);
        Assert.Equal(accessUnits.Select(unit => unit.ToArray()), received.Select(unit => unit.Data));
        Assert.Equal(Enumerable.Range(0, 9).Select(i => (uint)(8000 + (1024 * i))), received.Select(unit => unit.Timestamp));
    }

    [Fact]
    public void Fragments_repeat_the_full_size_and_only_the_last_has_the_marker()
    {
        var accessUnit = RandomAccessUnit(new Random(1), (2 * MaxSingleAu) + 10);

        var batch = new AacPacketizer(1, 0, maxPacketSize: MaxPacketSize).Packetize(Units(accessUnit), 777);

        Assert.Equal(3, batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            RtpHeader.TryRead(batch[i].Span, out var header, out _);
            Assert.Equal((i == 2, 777u), (header.Marker, header.Timestamp));
            var payload = batch[i].Span[RtpHeader.Size..];
            Assert.Equal([0x00, 0x10, (byte)(accessUnit.Length >> 5), (byte)(accessUnit.Length << 3)], payload[..4].ToArray());
        }

        Assert.Equal(accessUnit[..MaxSingleAu], batch[0].Span[(RtpHeader.Size + 4)..].ToArray());
        Assert.Equal(accessUnit, Assert.Single(Depacketize(batch)).Data);
    }

    [Theory]
    [InlineData(MaxSingleAu, 1)]
    [InlineData(MaxSingleAu + 1, 2)]
    [InlineData(AacPacketizer.MaxAccessUnitSize, 7)]
    public void Round_trips_around_the_fragmentation_boundary(int length, int expectedPackets)
    {
        var accessUnit = RandomAccessUnit(new Random(length), length);

        var batch = new AacPacketizer(1, 0, maxPacketSize: MaxPacketSize).Packetize(Units(accessUnit), 0);

        Assert.Equal(expectedPackets, batch.Count);
        Assert.Equal(accessUnit, Assert.Single(Depacketize(batch)).Data);
    }

    [Fact]
    public void Two_units_that_just_fit_share_a_packet_and_one_byte_more_splits_them()
    {
        var fits = (MaxPacketSize - RtpHeader.Size - 2 - 4) / 2;
        var packetizer = new AacPacketizer(1, 0, maxPacketSize: MaxPacketSize);

        var together = packetizer.Packetize(Units(new byte[fits], new byte[fits]), 0);
        var apart = packetizer.Packetize(Units(new byte[fits], new byte[fits + 1]), 0);

        Assert.Equal(MaxPacketSize, together[0].Length);
        Assert.Equal(1, together.Count);
        Assert.Equal(2, apart.Count);
    }

    [Fact]
    public void A_fragmented_unit_between_small_ones_keeps_every_timestamp()
    {
        var random = new Random(5);
        var units = new[] { RandomAccessUnit(random, 100), RandomAccessUnit(random, 3000), RandomAccessUnit(random, 100), RandomAccessUnit(random, 200) };

        var batch = new AacPacketizer(1, 0, maxPacketSize: MaxPacketSize).Packetize(Units(units), uint.MaxValue - 1000);

        Assert.Equal(1 + 3 + 1, batch.Count);
        var received = Depacketize(batch);
        Assert.Equal(units, received.Select(unit => unit.Data));
        Assert.Equal([uint.MaxValue - 1000, unchecked(uint.MaxValue + 24), unchecked(uint.MaxValue + 1048), unchecked(uint.MaxValue + 2072)], received.Select(unit => unit.Timestamp));
    }

    [Fact]
    public void At_most_4095_au_headers_go_in_one_packet()
    {
        var units = Enumerable.Range(0, 5000).Select(_ => (ReadOnlyMemory<byte>)new byte[] { 0x42 }).ToArray();

        var batch = new AacPacketizer(1, 0, maxPacketSize: AacPacketizer.MaxPacketSize).Packetize(units, 0);

        Assert.Equal(2, batch.Count);
        Assert.Equal([0xFF, 0xF0], batch[0].Span.Slice(RtpHeader.Size, 2).ToArray()); // 4095 * 16 bits
        Assert.Equal(5000, Depacketize(batch).Count);
    }

    [Fact]
    public void Empty_input_gives_an_empty_batch_and_sequence_numbers_wrap()
    {
        var packetizer = new AacPacketizer(1, 65535);

        var empty = packetizer.Packetize([], 0);
        var first = packetizer.Packetize(Units([1]), 0);
        var second = packetizer.Packetize(Units([2]), 1024);

        Assert.Equal(0, empty.Count);
        Assert.Equal((ushort)65535, first.FirstSequenceNumber);
        Assert.Equal((ushort)0, second.FirstSequenceNumber);
        Assert.Equal(1, packetizer.NextSequenceNumber);
    }

    [Fact]
    public void Rejects_empty_and_oversized_units_and_bad_settings()
    {
        var packetizer = new AacPacketizer(1, 0);

        Assert.Throws<ArgumentException>(() => packetizer.Packetize(Units([1], []), 0));
        Assert.Throws<ArgumentException>(() => packetizer.Packetize(Units(new byte[AacPacketizer.MaxAccessUnitSize + 1]), 0));
        Assert.Equal(0, packetizer.NextSequenceNumber); // nothing was consumed
        Assert.Throws<ArgumentOutOfRangeException>(() => new AacPacketizer(1, 0, payloadType: 128));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AacPacketizer(1, 0, maxPacketSize: AacPacketizer.MinPacketSize - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AacPacketizer(1, 0, maxPacketSize: AacPacketizer.MaxPacketSize + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AacPacketizer(1, 0, samplesPerAccessUnit: 0));
    }

    [Fact]
    public void A_960_sample_frame_length_spaces_the_timestamps_accordingly()
    {
        var batch = new AacPacketizer(1, 0, maxPacketSize: AacPacketizer.MinPacketSize, samplesPerAccessUnit: 960)
            .Packetize(Units(new byte[80], new byte[80]), 1000);

        RtpHeader.TryRead(batch[1].Span, out var header, out _);
        Assert.Equal(1960u, header.Timestamp);
    }
}
