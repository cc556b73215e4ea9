using MediaActors.Protocol.Rtcp;

namespace MediaActors.Protocol.Tests.Rtcp;

public sealed class RtcpCompoundTests
{
    private static readonly RtcpReportBlock FfmpegBlock = new(0x11223344, 1, 1, 1198, 1317, 0x00010000, 0x0001FCBF);

    private static RtcpSenderReport SenderReport(params RtcpReportBlock[] blocks) =>
        new(0xA1CE5713, new NtpTimestamp(0xEEB2115843958106), 0xA0C1A460, PacketCount: 39, OctetCount: 39936, blocks);

    [Fact]
    public void Sender_report_is_byte_identical_to_ffmpegs()
    {
        var packet = RtcpCompound.SenderReport(SenderReport(), "mediaactors@test");

        Assert.Equal(RtcpSamples.FfmpegSenderReport, packet);
    }

    [Fact]
    public void Receiver_report_is_byte_identical_to_ffmpegs()
    {
        var packet = RtcpCompound.ReceiverReport(new RtcpReceiverReport(0x11223345, [FfmpegBlock]), "vm");

        Assert.Equal(RtcpSamples.FfmpegReceiverReport, packet);
    }

    [Fact]
    public void Writes_report_blocks_into_a_sender_report_and_pads_the_cname_chunk()
    {
        var destination = new byte[RtcpCompound.MaxLength];

        var length = RtcpCompound.WriteSenderReport(destination, SenderReport(FfmpegBlock), "abc");

        byte[] expected =
        [
            0x81, 0xC8, 0x00, 0x0C, 0xA1, 0xCE, 0x57, 0x13, // V=2 RC=1 SR, 13 words
            0xEE, 0xB2, 0x11, 0x58, 0x43, 0x95, 0x81, 0x06, 0xA0, 0xC1, 0xA4, 0x60, 0, 0, 0, 39, 0, 0, 0x9C, 0x00,
            0x11, 0x22, 0x33, 0x44, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x04, 0xAE, 0x00, 0x00, 0x05, 0x25,
            0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0xFC, 0xBF,
            0x81, 0xCA, 0x00, 0x03, 0xA1, 0xCE, 0x57, 0x13, // SDES, SC=1, 4 words
            0x01, 0x03, (byte)'a', (byte)'b', (byte)'c', 0x00, 0x00, 0x00, // CNAME, null terminator, no further padding needed
        ];
        Assert.Equal(expected, destination[..length]);
    }

    [Fact]
    public void Goodbye_appends_a_bye_with_the_senders_ssrc_and_a_padded_reason()
    {
        var packet = RtcpCompound.Goodbye(SenderReport(), "mediaactors@test", "done");

        byte[] bye = [0x81, 0xCB, 0x00, 0x03, 0xA1, 0xCE, 0x57, 0x13, 0x04, (byte)'d', (byte)'o', (byte)'n', (byte)'e', 0, 0, 0];
        Assert.Equal([.. RtcpSamples.FfmpegSenderReport, .. bye], packet);
    }

    [Fact]
    public void Goodbye_without_a_reason_is_just_the_ssrc()
    {
        var destination = new byte[100];

        var length = RtcpCompound.WriteGoodbye(destination, SenderReport(), "mediaactors@test");

        Assert.Equal(RtcpSamples.FfmpegSenderReport.Length + 8, length);
        Assert.Equal([0x81, 0xCB, 0x00, 0x01, 0xA1, 0xCE, 0x57, 0x13], destination[(length - 8)..length]);
    }

    [Theory]
    [InlineData(1, 0x000001)]
    [InlineData(-1, 0xFFFFFF)]
    [InlineData(RtcpReportBlock.MaxCumulativeLost, 0x7FFFFF)]
    [InlineData(RtcpReportBlock.MinCumulativeLost, 0x800000)]
    [InlineData(10_000_000, 0x7FFFFF)] // clamped, not wrapped
    [InlineData(-10_000_000, 0x800000)]
    public void Cumulative_loss_is_24_bit_signed_and_clamped(int cumulativeLost, int expectedField)
    {
        var block = FfmpegBlock with { FractionLost = 0xAB, CumulativeLost = cumulativeLost };

        var packet = RtcpCompound.ReceiverReport(new RtcpReceiverReport(1, [block]), "x");

        Assert.Equal([0xAB, (byte)(expectedField >> 16), (byte)(expectedField >> 8), (byte)expectedField], packet[12..16]);
    }

    [Fact]
    public void The_largest_compound_fits_max_length()
    {
        var blocks = Enumerable.Repeat(FfmpegBlock, 31).ToArray();

        var packet = RtcpCompound.Goodbye(SenderReport(blocks), new string('c', 255), new string('r', 255));

        Assert.Equal(RtcpCompound.MaxLength, packet.Length);
    }

    [Fact]
    public void Rejects_what_cannot_be_encoded()
    {
        var blocks = Enumerable.Repeat(FfmpegBlock, 32).ToArray();

        Assert.Throws<ArgumentException>(() => RtcpCompound.SenderReport(SenderReport(blocks), "x"));
        Assert.Throws<ArgumentException>(() => RtcpCompound.ReceiverReport(new RtcpReceiverReport(1, blocks), "x"));
        Assert.Throws<ArgumentException>(() => RtcpCompound.SenderReport(SenderReport(), string.Empty));
        Assert.Throws<ArgumentException>(() => RtcpCompound.SenderReport(SenderReport(), new string('c', 256)));
        Assert.ThrowsAny<ArgumentException>(() => RtcpCompound.SenderReport(SenderReport(), "\ud800")); // lone surrogate
        Assert.Throws<ArgumentException>(() => RtcpCompound.Goodbye(SenderReport(), "x", new string('r', 256)));
        Assert.Throws<ArgumentException>(() => RtcpCompound.WriteSenderReport(new byte[RtcpSamples.FfmpegSenderReport.Length - 1], SenderReport(), "mediaactors@test"));
    }

    [Fact]
    public void Multi_byte_cnames_are_counted_in_utf8_bytes()
    {
        var packet = RtcpCompound.SenderReport(SenderReport(), "café");

        Assert.Equal(5, packet[28 + 9]); // 'é' is two bytes
        Assert.Equal("café"u8.ToArray(), packet[(28 + 10)..(28 + 15)]);
    }
}
