using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using static MediaActors.Protocol.Tests.Rtp.NalUnitRtpSamples;
using static MediaActors.Protocol.Tests.Rtp.RtpTestPackets;

namespace MediaActors.Protocol.Tests.Rtp;

/// <summary>RFC 7798 payloads by hand; what H.265 shares with H.264 is in <see cref="NalUnitPacketizationTests"/>.</summary>
public sealed class NalUnitDepacketizerH265Tests
{
    [Fact]
    public void Single_nal_unit_packets_complete_on_marker()
    {
        var depacketizer = new NalUnitDepacketizer<H265Format>();

        Assert.False(depacketizer.TryPush(Packet(1, 10, false, 0x42, 0x01, 7), out _));
        Assert.True(depacketizer.TryPush(Packet(2, 10, true, 0x2A, 0x01, 3), out var accessUnit));

        Assert.Equal([[0x42, 0x01, 7], [0x2A, 0x01, 3]], NalUnitsOf(accessUnit));
        Assert.True(accessUnit!.IsKeyframe); // CRA is an IRAP picture
        Assert.True(accessUnit.StartsNewPicture);
    }

    [Fact]
    public void Trailing_pictures_are_not_keyframes()
    {
        var depacketizer = new NalUnitDepacketizer<H265Format>();

        Assert.True(depacketizer.TryPush(Packet(1, 10, true, 0x02, 0x01, 3), out var accessUnit));
        Assert.False(accessUnit!.IsKeyframe);
    }

    [Fact]
    public void Aggregation_packet_yields_each_unit()
    {
        var depacketizer = new NalUnitDepacketizer<H265Format>();

        Assert.True(depacketizer.TryPush(Packet(1, 10, true, 0x60, 0x01, 0, 3, 0x40, 0x01, 9, 0, 2, 0x44, 0x01), out var accessUnit));

        Assert.Equal([[0x40, 0x01, 9], [0x44, 0x01]], NalUnitsOf(accessUnit));
    }

    [Fact]
    public void Fragments_rebuild_the_nal_header_with_layer_and_tid()
    {
        var depacketizer = new NalUnitDepacketizer<H265Format>();
        depacketizer.TryPush(Packet(1, 5, false, 0x63, 0x0B, 0x80 | 19, 1, 2), out _);
        depacketizer.TryPush(Packet(2, 5, false, 0x63, 0x0B, 19, 3), out _);

        Assert.True(depacketizer.TryPush(Packet(3, 5, true, 0x63, 0x0B, 0x40 | 19, 4), out var accessUnit));
        Assert.Equal([[0x27, 0x0B, 1, 2, 3, 4]], NalUnitsOf(accessUnit));
        Assert.True(accessUnit!.IsKeyframe);
    }

    [Fact]
    public void Lost_fragment_drops_the_broken_nal_unit_and_is_counted()
    {
        var depacketizer = new NalUnitDepacketizer<H265Format>();
        depacketizer.TryPush(Packet(10, 5, false, 0x42, 0x01, 1), out _);
        depacketizer.TryPush(Packet(11, 5, false, 0x62, 0x01, 0x80 | 19, 1, 2), out _);
        // sequence number 12, the middle fragment, is lost
        depacketizer.TryPush(Packet(13, 5, false, 0x62, 0x01, 0x40 | 19, 5, 6), out _);
        Assert.True(depacketizer.TryPush(Packet(14, 5, true, 0x02, 0x01, 9), out var accessUnit));

        Assert.Equal([[0x42, 0x01, 1], [0x02, 0x01, 9]], NalUnitsOf(accessUnit));
        Assert.Equal(1, depacketizer.LostPackets);
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
        var depacketizer = new NalUnitDepacketizer<H265Format>();

        Assert.False(depacketizer.TryPush(Packet(1, 1, true, payload), out var accessUnit));
        Assert.Null(accessUnit);
        Assert.Equal(1, depacketizer.DiscardedPackets);
    }
}
