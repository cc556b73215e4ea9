using MediaActors.Protocol.Rtp;

namespace MediaActors.Protocol.Tests.Rtp;

public sealed class RtpHeaderTests
{
    [Fact]
    public void Writes_the_fixed_header()
    {
        var header = new RtpHeader(Marker: true, PayloadType: 96, SequenceNumber: 0x1234, Timestamp: 0xAABBCCDD, Ssrc: 0x01020304);
        var bytes = new byte[RtpHeader.Size];

        header.WriteTo(bytes);

        Assert.Equal([0x80, 0xE0, 0x12, 0x34, 0xAA, 0xBB, 0xCC, 0xDD, 0x01, 0x02, 0x03, 0x04], bytes);
    }

    [Fact]
    public void Round_trips()
    {
        var header = new RtpHeader(false, 8, 65535, 123456, 42);
        var bytes = new byte[20];
        header.WriteTo(bytes);

        Assert.True(RtpHeader.TryRead(bytes, out var read, out var offset, out var length));
        Assert.Equal(header, read);
        Assert.Equal((12, 8), (offset, length));
    }

    [Fact]
    public void Skips_csrc_list_extension_and_padding()
    {
        byte[] packet =
        [
            0xB2, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, // V=2 P X CC=2
            1, 1, 1, 1, 2, 2, 2, 2, // CSRCs
            0xBE, 0xDE, 0, 1, 9, 9, 9, 9, // extension of one word
            0x65, 0x77, // payload
            0, 0, 3, // padding, last byte counts it
        ];

        Assert.True(RtpHeader.TryRead(packet, out var header, out var offset, out var length));

        Assert.Equal((28, 2), (offset, length));
        Assert.Equal(96, header.PayloadType);
        Assert.True(RtpHeader.TryRead(packet, out _, out var offsetOnly));
        Assert.Equal(28, offsetOnly);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0 })] // too short
    [InlineData(new byte[] { 0x40, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3 })] // version 1
    [InlineData(new byte[] { 0x81, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3 })] // CSRC beyond the end
    [InlineData(new byte[] { 0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 9 })] // extension beyond the end
    [InlineData(new byte[] { 0xA0, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 1, 0 })] // zero padding count
    [InlineData(new byte[] { 0xA0, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 1, 9 })] // padding beyond the payload
    public void Rejects_malformed_packets(byte[] packet)
    {
        Assert.False(RtpHeader.TryRead(packet, out _, out _, out _));
    }
}
