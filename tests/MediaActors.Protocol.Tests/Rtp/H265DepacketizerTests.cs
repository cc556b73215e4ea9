using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Rtp;
using static MediaActors.Protocol.Tests.Rtp.RtpTestPackets;

namespace MediaActors.Protocol.Tests.Rtp;

public sealed class H265DepacketizerTests
{
    private static byte[][] NalUnitsOf(AccessUnit? accessUnit) => [.. accessUnit!.NalUnits.Select(nal => nal.ToArray())];

    [Fact]
    public void Single_nal_unit_packets_complete_on_marker()
    {
        var depacketizer = new H265Depacketizer();

        Assert.False(depacketizer.TryPush(Packet(1, 10, false, 0x42, 0x01, 7), out _));
        Assert.True(depacketizer.TryPush(Packet(2, 10, true, 0x2A, 0x01, 3), out var accessUnit));

        Assert.Equal([[0x42, 0x01, 7], [0x2A, 0x01, 3]], NalUnitsOf(accessUnit));
        Assert.True(accessUnit!.IsKeyframe); // CRA is an IRAP picture
        Assert.True(accessUnit.StartsNewPicture);
    }

    [Fact]
    public void Trailing_pictures_are_not_keyframes()
    {
        var depacketizer = new H265Depacketizer();

        Assert.True(depacketizer.TryPush(Packet(1, 10, true, 0x02, 0x01, 3), out var accessUnit));
        Assert.False(accessUnit!.IsKeyframe);
    }

    [Fact]
    public void Aggregation_packet_yields_each_unit()
    {
        var depacketizer = new H265Depacketizer();

        Assert.True(depacketizer.TryPush(Packet(1, 10, true, 0x60, 0x01, 0, 3, 0x40, 0x01, 9, 0, 2, 0x44, 0x01), out var accessUnit));

        Assert.Equal([[0x40, 0x01, 9], [0x44, 0x01]], NalUnitsOf(accessUnit));
    }

    [Fact]
    public void Fragments_rebuild_the_nal_header_with_layer_and_tid()
    {
        var depacketizer = new H265Depacketizer();
        depacketizer.TryPush(Packet(1, 5, false, 0x63, 0x0B, 0x80 | 19, 1, 2), out _);
        depacketizer.TryPush(Packet(2, 5, false, 0x63, 0x0B, 19, 3), out _);

        Assert.True(depacketizer.TryPush(Packet(3, 5, true, 0x63, 0x0B, 0x40 | 19, 4), out var accessUnit));
        Assert.Equal([[0x27, 0x0B, 1, 2, 3, 4]], NalUnitsOf(accessUnit));
        Assert.True(accessUnit!.IsKeyframe);
    }

    [Fact]
    public void Lost_fragment_drops_the_broken_nal_unit_and_is_counted()
    {
        var depacketizer = new H265Depacketizer();
        depacketizer.TryPush(Packet(10, 5, false, 0x42, 0x01, 1), out _);
        depacketizer.TryPush(Packet(11, 5, false, 0x62, 0x01, 0x80 | 19, 1, 2), out _);
        // sequence number 12, the middle fragment, is lost
        depacketizer.TryPush(Packet(13, 5, false, 0x62, 0x01, 0x40 | 19, 5, 6), out _);
        Assert.True(depacketizer.TryPush(Packet(14, 5, true, 0x02, 0x01, 9), out var accessUnit));

        Assert.Equal([[0x42, 0x01, 1], [0x02, 0x01, 9]], NalUnitsOf(accessUnit));
        Assert.Equal(1, depacketizer.LostPackets);
    }

    [Fact]
    public void Timestamp_change_completes_an_access_unit_whose_marker_was_lost()
    {
        var depacketizer = new H265Depacketizer();
        depacketizer.TryPush(Packet(1, 100, false, 0x02, 0x01, 1), out _);

        Assert.True(depacketizer.TryPush(Packet(3, 200, false, 0x02, 0x01, 2), out var previous));
        Assert.Equal([[0x02, 0x01, 1]], NalUnitsOf(previous));
        Assert.True(depacketizer.TryPush(Packet(4, 200, true, 0x02, 0x01, 3), out var current));
        Assert.Equal([[0x02, 0x01, 2], [0x02, 0x01, 3]], NalUnitsOf(current));
        Assert.Equal(1, depacketizer.LostPackets);
    }

    [Fact]
    public void Sequence_wrap_is_not_a_loss_and_a_late_duplicate_is_discarded()
    {
        var depacketizer = new H265Depacketizer();
        depacketizer.TryPush(Packet(65535, 1, false, 0x02, 0x01, 1), out _);

        Assert.False(depacketizer.TryPush(Packet(65535, 1, false, 0x02, 0x01, 1), out _));
        Assert.True(depacketizer.TryPush(Packet(0, 1, true, 0x02, 0x01, 2), out var accessUnit));
        Assert.Equal(2, accessUnit!.NalUnits.Count);
        Assert.Equal(0, depacketizer.LostPackets);
        Assert.Equal(1, depacketizer.DiscardedPackets);
    }

    [Theory]
    [InlineData(new byte[] { 0x02 })] // shorter than the PayloadHdr
    [InlineData(new byte[] { 0x02, 0x00, 1 })] // TID 0 is forbidden
    [InlineData(new byte[] { 0x62, 0x01, 0xD3, 1 })] // FU with both start and end bits
    [InlineData(new byte[] { 0x62, 0x01, 0x13, 1 })] // FU continuation without start
    [InlineData(new byte[] { 0x62, 0x01 })] // FU without FU header
    [InlineData(new byte[] { 0x62, 0x01, 0x80 | 48, 1 })] // FU of an AP
    [InlineData(new byte[] { 0x62, 0x01, 0x80 | 49, 1 })] // FU of an FU
    [InlineData(new byte[] { 0x60, 0x01, 0, 5, 0x40, 0x01 })] // AP unit longer than the packet
    [InlineData(new byte[] { 0x60, 0x01, 0, 1, 0x40 })] // AP unit shorter than a NAL header
    [InlineData(new byte[] { 0x60, 0x01, 0 })] // AP with a truncated size field
    [InlineData(new byte[] { 0x60, 0x01 })] // AP without units
    [InlineData(new byte[] { 0x64, 0x01, 0, 0 })] // PACI: not negotiated
    [InlineData(new byte[] { 0x66, 0x01, 1 })] // type 51: unspecified
    public void Malformed_or_unsupported_payloads_are_discarded(byte[] payload)
    {
        var depacketizer = new H265Depacketizer();

        Assert.False(depacketizer.TryPush(Packet(1, 1, true, payload), out var accessUnit));
        Assert.Null(accessUnit);
        Assert.Equal(1, depacketizer.DiscardedPackets);
    }

    [Fact]
    public void Access_unit_size_is_bounded()
    {
        var depacketizer = new H265Depacketizer(maxAccessUnitBytes: 10);
        depacketizer.TryPush(Packet(1, 1, false, 0x02, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9), out _);

        Assert.True(depacketizer.TryPush(Packet(2, 1, true, 0x02, 0x01, 1, 2, 3, 4), out var accessUnit));
        Assert.Single(accessUnit!.NalUnits);
        Assert.Equal(1, depacketizer.DiscardedPackets);
    }

    [Fact]
    public void Never_throws_on_garbage_or_mutated_packets()
    {
        var random = new Random(7);
        var packetizer = new H265Packetizer(1, 0, maxPacketSize: 200);
        var depacketizer = new H265Depacketizer(maxAccessUnitBytes: 4096);
        for (int i = 0; i < 3000; i++)
        {
            var nal = new byte[random.Next(2, 600)];
            random.NextBytes(nal);
            nal[0] &= 0x7F;
            var batch = packetizer.Packetize(new AccessUnit([nal, nal.AsMemory(0, Math.Min(nal.Length, 30))], false, true), (uint)i);
            for (int p = 0; p < batch.Count; p++)
            {
                var packet = batch[p].ToArray();
                if (random.Next(3) == 0)
                {
                    packet[random.Next(packet.Length)] = (byte)random.Next(256);
                }

                depacketizer.TryPush(packet.AsSpan(0, random.Next(4) == 0 ? random.Next(packet.Length + 1) : packet.Length), out _);
            }

            var garbage = new byte[random.Next(0, 64)];
            random.NextBytes(garbage);
            depacketizer.TryPush(garbage, out _);
        }
    }
}
