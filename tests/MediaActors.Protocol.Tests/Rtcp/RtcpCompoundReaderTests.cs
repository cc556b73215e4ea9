using MediaActors.Protocol.Rtcp;

namespace MediaActors.Protocol.Tests.Rtcp;

public sealed class RtcpCompoundReaderTests
{
    private static List<RtcpPacket> Read(byte[] data)
    {
        var packets = new List<RtcpPacket>();
        Assert.True(RtcpCompoundReader.TryRead(data, packets));
        return packets;
    }

    [Fact]
    public void Reads_ffmpegs_receiver_report_and_cname()
    {
        var packets = Read(RtcpSamples.FfmpegReceiverReport);

        Assert.Equal(2, packets.Count);
        var rr = Assert.IsType<RtcpReceiverReport>(packets[0]);
        Assert.Equal(0x11223345u, rr.Ssrc);
        var block = Assert.Single(rr.ReportBlocks);
        Assert.Equal(new RtcpReportBlock(0x11223344, 1, 1, 1198, 1317, 0x00010000, 0x0001FCBF), block);
        Assert.Equal(new RtcpSourceDescription(0x11223345, "vm"), packets[1]);
    }

    [Fact]
    public void Reads_ffmpegs_sender_report_and_cname()
    {
        var packets = Read(RtcpSamples.FfmpegSenderReport);

        var sr = Assert.IsType<RtcpSenderReport>(packets[0]);
        Assert.Equal((0xA1CE5713u, 0xEEB2115843958106UL, 0xA0C1A460u, 39u, 39936u), (sr.Ssrc, sr.NtpTimestamp.Value, sr.RtpTimestamp, sr.PacketCount, sr.OctetCount));
        Assert.Empty(sr.ReportBlocks);
        Assert.Equal(new RtcpSourceDescription(0xA1CE5713, "mediaactors@test"), packets[1]);
    }

    [Fact]
    public void Reads_ffmpegs_empty_nat_punching_receiver_report()
    {
        var rr = Assert.IsType<RtcpReceiverReport>(Assert.Single(Read(RtcpSamples.FfmpegNatPunch)));

        Assert.Equal(0u, rr.Ssrc);
        Assert.Empty(rr.ReportBlocks);
    }

    [Fact]
    public void Sender_report_with_blocks_and_goodbye_round_trip()
    {
        RtcpReportBlock[] blocks = [new(1, 2, -3, 0x0001_0004, 5, 6, 7), new(8, 255, RtcpReportBlock.MinCumulativeLost, uint.MaxValue, 9, 10, 11)];
        var sr = new RtcpSenderReport(0xDEADBEEF, NtpTimestamp.FromUnixMicroseconds(1_700_000_000_000_000), 123456, 10, 14000, blocks);

        var packets = Read(RtcpCompound.Goodbye(sr, "relay@mediaactors", "stream ended"));

        Assert.Equal(3, packets.Count);
        var read = Assert.IsType<RtcpSenderReport>(packets[0]);
        Assert.Equal(sr with { ReportBlocks = read.ReportBlocks }, read);
        Assert.Equal(blocks, read.ReportBlocks);
        Assert.Equal(new RtcpSourceDescription(0xDEADBEEF, "relay@mediaactors"), packets[1]);
        var bye = Assert.IsType<RtcpGoodbye>(packets[2]);
        Assert.Equal([0xDEADBEEFu], bye.Ssrcs);
        Assert.Equal("stream ended", bye.Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(255)]
    public void Cnames_of_every_padding_length_round_trip(int length)
    {
        string cname = new('n', length);

        var packets = Read(RtcpCompound.ReceiverReport(new RtcpReceiverReport(7, []), cname));

        Assert.Equal(new RtcpSourceDescription(7, cname), packets[1]);
    }

    [Fact]
    public void Reports_feedback_and_app_packets_by_type_and_format()
    {
        byte[] pli = [0x81, 0xCE, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2]; // PSFB FMT=1
        byte[] nack = [0x81, 0xCD, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0x03, 0xE8, 0x00, 0x00]; // RTPFB FMT=1
        byte[] app = [0x80, 0xCC, 0x00, 0x02, 0, 0, 0, 1, (byte)'t', (byte)'e', (byte)'s', (byte)'t'];
        byte[] xr = [0x80, 0xCF, 0x00, 0x01, 0, 0, 0, 1]; // 207, a type the enum does not name

        var packets = Read([.. RtcpSamples.FfmpegNatPunch, .. pli, .. nack, .. app, .. xr]);

        Assert.Equal(
            [
                new RtcpUnknownPacket(RtcpPacketType.PayloadSpecificFeedback, 1, 12),
                new RtcpUnknownPacket(RtcpPacketType.TransportFeedback, 1, 16),
                new RtcpUnknownPacket(RtcpPacketType.ApplicationDefined, 0, 12),
                new RtcpUnknownPacket((RtcpPacketType)207, 0, 8),
            ],
            packets.Skip(1));
    }

    [Fact]
    public void Reads_a_reduced_size_compound_that_does_not_start_with_a_report()
    {
        byte[] pli = [0x81, 0xCE, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2];

        Assert.Equal(RtcpPacketType.PayloadSpecificFeedback, Assert.Single(Read(pli)).PacketType);
    }

    [Fact]
    public void Honours_padding_on_the_last_packet()
    {
        // A BYE without reason, padded by 4 bytes (the last counts them).
        byte[] bye = [0xA1, 0xCB, 0x00, 0x02, 0, 0, 0, 9, 0, 0, 0, 4];

        var packets = Read([.. RtcpSamples.FfmpegNatPunch, .. bye]);

        var read = Assert.IsType<RtcpGoodbye>(packets[1]);
        Assert.Equal([9u], read.Ssrcs);
        Assert.Null(read.Reason);
    }

    [Fact]
    public void Reads_sdes_with_several_chunks_and_items_skipping_chunks_without_cname()
    {
        byte[] sdes =
        [
            0x83, 0xCA, 0x00, 0x08,
            0, 0, 0, 1, 0x02, 0x01, (byte)'N', 0x01, 0x02, (byte)'a', (byte)'b', 0x00, // NAME then CNAME, terminator
            0, 0, 0, 2, 0x05, 0x02, (byte)'l', (byte)'o', 0x00, 0x00, 0x00, 0x00, // LOC only, terminator + padding
            0, 0, 0, 3, 0x01, 0x01, (byte)'c', 0x00, // CNAME
        ];

        var packets = Read([.. RtcpSamples.FfmpegNatPunch, .. sdes]);

        Assert.Equal([new RtcpSourceDescription(1, "ab"), new RtcpSourceDescription(3, "c")], packets.Skip(1));
    }

    public static TheoryData<byte[]> Malformed => new()
    {
        Array.Empty<byte>(),
        new byte[] { 0x80, 0xC9, 0x00 }, // shorter than a header
        new byte[] { 0x40, 0xC9, 0x00, 0x01, 0, 0, 0, 0 }, // version 1
        new byte[] { 0x80, 0xC9, 0x00, 0x02, 0, 0, 0, 0 }, // length beyond the datagram
        new byte[] { 0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 0, 0x80 }, // trailing bytes that are not a packet
        new byte[] { 0x81, 0xC9, 0x00, 0x01, 0, 0, 0, 0 }, // RC=1 without its block
        new byte[] { 0x80, 0xC8, 0x00, 0x01, 0, 0, 0, 0 }, // SR without sender info
        new byte[] { 0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 0 }, // padding count 0
        new byte[] { 0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 5 }, // padding beyond the packet
        new byte[] { 0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 4, 0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 0 }, // padding on a packet that is not last
        new byte[] { 0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 0, 0x81, 0xCA, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x05, (byte)'a', (byte)'b' }, // CNAME beyond the packet
        new byte[] { 0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 0, 0x81, 0xCA, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x02, (byte)'a', (byte)'b' }, // no terminating null octet
        new byte[] { 0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 0, 0x82, 0xCA, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x01, (byte)'a', 0x00 }, // SC=2 with one chunk
        new byte[] { 0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 0, 0x82, 0xCB, 0x00, 0x01, 0, 0, 0, 1 }, // BYE SC=2 with one SSRC
        new byte[] { 0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 0, 0x81, 0xCB, 0x00, 0x02, 0, 0, 0, 1, 0x09, (byte)'a', 0, 0 }, // reason beyond the packet
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Rejects_malformed_compounds_and_adds_nothing(byte[] data)
    {
        var packets = new List<RtcpPacket> { new RtcpGoodbye([], null) };

        Assert.False(RtcpCompoundReader.TryRead(data, packets));

        Assert.Single(packets); // what was there before stays, nothing of the bad compound is added
    }

    [Fact]
    public void Random_and_mutated_compounds_never_throw()
    {
        var random = new Random(3550);
        byte[][] corpus =
        [
            RtcpSamples.FfmpegSenderReport,
            RtcpSamples.FfmpegReceiverReport,
            RtcpCompound.Goodbye(new RtcpSenderReport(1, default, 2, 3, 4, [new(5, 6, 7, 8, 9, 10, 11)]), "cname", "reason"),
        ];
        var packets = new List<RtcpPacket>();
        for (var i = 0; i < 20000; i++)
        {
            var data = (byte[])corpus[random.Next(corpus.Length)].Clone();
            var mutations = random.Next(1, 6);
            for (var m = 0; m < mutations; m++)
            {
                data[random.Next(data.Length)] = (byte)random.Next(256);
            }

            var input = random.Next(4) == 0 ? data.AsSpan(0, random.Next(data.Length)) : data;
            packets.Clear();
            if (RtcpCompoundReader.TryRead(input, packets))
            {
                Assert.NotEmpty(packets);
            }
            else
            {
                Assert.Empty(packets);
            }
        }
    }
}
