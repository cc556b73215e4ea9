using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Rtp;
using static MediaActors.Protocol.Tests.Rtp.RtpTestPackets;

namespace MediaActors.Protocol.Tests.Rtp;

public sealed class H264DepacketizerTests
{
    [Fact]
    public void Single_nal_unit_packets_complete_on_marker()
    {
        var depacketizer = new H264Depacketizer();

        Assert.False(depacketizer.TryPush(Packet(1, 10, false, 0x67, 1, 2), out _));
        Assert.True(depacketizer.TryPush(Packet(2, 10, true, 0x65, 3), out var accessUnit));

        Assert.Equal([[0x67, 1, 2], [0x65, 3]], accessUnit!.NalUnits.Select(n => n.ToArray()));
        Assert.True(accessUnit.IsKeyframe);
    }

    [Fact]
    public void Lost_fragment_drops_the_broken_nal_unit_and_is_counted()
    {
        var depacketizer = new H264Depacketizer();
        depacketizer.TryPush(Packet(10, 5, false, 0x67, 1), out _);
        depacketizer.TryPush(Packet(11, 5, false, 0x7C, 0x85, 1, 2), out _);
        // sequence number 12, the middle fragment, is lost
        depacketizer.TryPush(Packet(13, 5, false, 0x7C, 0x45, 5, 6), out _);
        Assert.True(depacketizer.TryPush(Packet(14, 5, true, 0x41, 9), out var accessUnit));

        Assert.Equal([[0x67, 1], [0x41, 9]], accessUnit!.NalUnits.Select(n => n.ToArray()));
        Assert.Equal(1, depacketizer.LostPackets);
    }

    [Fact]
    public void Timestamp_change_completes_an_access_unit_whose_marker_was_lost()
    {
        var depacketizer = new H264Depacketizer();
        depacketizer.TryPush(Packet(1, 100, false, 0x41, 1), out _);

        Assert.True(depacketizer.TryPush(Packet(3, 200, false, 0x41, 2), out var previous));
        Assert.Equal([[0x41, 1]], previous!.NalUnits.Select(n => n.ToArray()));
        Assert.True(depacketizer.TryPush(Packet(4, 200, true, 0x41, 3), out var current));
        Assert.Equal([[0x41, 2], [0x41, 3]], current!.NalUnits.Select(n => n.ToArray()));
        Assert.Equal(1, depacketizer.LostPackets);
    }

    [Fact]
    public void Sequence_wrap_is_not_a_loss()
    {
        var depacketizer = new H264Depacketizer();
        depacketizer.TryPush(Packet(65535, 1, false, 0x41, 1), out _);

        Assert.True(depacketizer.TryPush(Packet(0, 1, true, 0x41, 2), out _));
        Assert.Equal(0, depacketizer.LostPackets);
    }

    [Fact]
    public void Late_duplicate_is_discarded()
    {
        var depacketizer = new H264Depacketizer();
        depacketizer.TryPush(Packet(5, 1, false, 0x41, 1), out _);

        Assert.False(depacketizer.TryPush(Packet(5, 1, false, 0x41, 1), out _));
        Assert.True(depacketizer.TryPush(Packet(6, 1, true, 0x41, 2), out var accessUnit));
        Assert.Equal(2, accessUnit!.NalUnits.Count);
        Assert.Equal(1, depacketizer.DiscardedPackets);
    }

    [Theory]
    [InlineData(new byte[] { 0x7C, 0xC5, 1 })] // FU-A with both start and end bits
    [InlineData(new byte[] { 0x7C, 0x05, 1 })] // FU-A continuation without start
    [InlineData(new byte[] { 0x7C })] // FU-A without FU header
    [InlineData(new byte[] { 0x78, 0, 5, 0x67 })] // STAP-A unit longer than the packet
    [InlineData(new byte[] { 0x78, 0, 0 })] // STAP-A with an empty unit
    [InlineData(new byte[] { 0x78 })] // STAP-A without units
    [InlineData(new byte[] { 0x79, 0, 1, 0x67 })] // STAP-B: interleaved mode only
    [InlineData(new byte[] { 0x00, 1 })] // NAL type 0
    public void Malformed_or_unsupported_payloads_are_discarded(byte[] payload)
    {
        var depacketizer = new H264Depacketizer();

        Assert.False(depacketizer.TryPush(Packet(1, 1, true, payload), out var accessUnit));
        Assert.Null(accessUnit);
        Assert.Equal(1, depacketizer.DiscardedPackets);
    }

    [Fact]
    public void Access_unit_size_is_bounded()
    {
        var depacketizer = new H264Depacketizer(maxAccessUnitBytes: 10);
        depacketizer.TryPush(Packet(1, 1, false, 0x41, 1, 2, 3, 4, 5, 6, 7, 8), out _);

        Assert.True(depacketizer.TryPush(Packet(2, 1, true, 0x41, 1, 2, 3, 4, 5), out var accessUnit));
        Assert.Single(accessUnit!.NalUnits);
        Assert.Equal(1, depacketizer.DiscardedPackets);
    }

    [Fact]
    public void Never_throws_on_garbage_or_mutated_packets()
    {
        var random = new Random(7);
        var packetizer = new H264Packetizer(1, 0, maxPacketSize: 200);
        var depacketizer = new H264Depacketizer(maxAccessUnitBytes: 4096);
        for (int i = 0; i < 3000; i++)
        {
            var nal = new byte[random.Next(1, 600)];
            random.NextBytes(nal);
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
