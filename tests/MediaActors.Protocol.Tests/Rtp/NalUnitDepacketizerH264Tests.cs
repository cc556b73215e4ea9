using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using static MediaActors.Protocol.Tests.Rtp.RtpTestPackets;

namespace MediaActors.Protocol.Tests.Rtp;

/// <summary>RFC 6184 payloads by hand; what H.264 shares with H.265 is in <see cref="NalUnitPacketizationTests"/>.</summary>
public sealed class NalUnitDepacketizerH264Tests
{
    [Fact]
    public void Single_nal_unit_packets_complete_on_marker()
    {
        var depacketizer = new NalUnitDepacketizer<H264Format>();

        Assert.False(depacketizer.TryPush(Packet(1, 10, false, 0x67, 1, 2), out _));
        Assert.True(depacketizer.TryPush(Packet(2, 10, true, 0x65, 3), out var accessUnit));

        Assert.Equal([[0x67, 1, 2], [0x65, 3]], accessUnit!.NalUnits.Select(n => n.ToArray()));
        Assert.True(accessUnit.IsKeyframe);
    }

    [Fact]
    public void Lost_fragment_drops_the_broken_nal_unit_and_is_counted()
    {
        var depacketizer = new NalUnitDepacketizer<H264Format>();
        depacketizer.TryPush(Packet(10, 5, false, 0x67, 1), out _);
        depacketizer.TryPush(Packet(11, 5, false, 0x7C, 0x85, 1, 2), out _);
        // sequence number 12, the middle fragment, is lost
        depacketizer.TryPush(Packet(13, 5, false, 0x7C, 0x45, 5, 6), out _);
        Assert.True(depacketizer.TryPush(Packet(14, 5, true, 0x41, 9), out var accessUnit));

        Assert.Equal([[0x67, 1], [0x41, 9]], accessUnit!.NalUnits.Select(n => n.ToArray()));
        Assert.Equal(1, depacketizer.LostPackets);
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
        var depacketizer = new NalUnitDepacketizer<H264Format>();

        Assert.False(depacketizer.TryPush(Packet(1, 1, true, payload), out var accessUnit));
        Assert.Null(accessUnit);
        Assert.Equal(1, depacketizer.DiscardedPackets);
    }
}
