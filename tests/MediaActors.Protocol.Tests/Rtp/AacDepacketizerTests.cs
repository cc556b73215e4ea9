using MediaActors.Protocol.Rtp;

namespace MediaActors.Protocol.Tests.Rtp;

public sealed class AacDepacketizerTests
{
    private static byte[] Packet(ushort sequenceNumber, uint timestamp, bool marker, params byte[] payload)
    {
        var packet = new byte[RtpHeader.Size + payload.Length];
        new RtpHeader(marker, 97, sequenceNumber, timestamp, 1).WriteTo(packet);
        payload.CopyTo(packet, RtpHeader.Size);
        return packet;
    }

    private static RtpPacketBatch FragmentedUnit(int length, ushort firstSequenceNumber = 0)
    {
        var accessUnit = new byte[length];
        new Random(length).NextBytes(accessUnit);
        return new AacPacketizer(1, firstSequenceNumber, maxPacketSize: 500).Packetize([accessUnit], 0);
    }

    [Fact]
    public void A_lost_fragment_abandons_the_unit_and_the_next_one_is_whole()
    {
        var depacketizer = new AacDepacketizer();
        var broken = FragmentedUnit(1200);
        var next = new AacPacketizer(1, (ushort)broken.Count, maxPacketSize: 500).Packetize([new byte[] { 7, 8, 9 }], 1024);

        var frames = new List<AudioFrame>();

        depacketizer.Push(broken[0].Span, frames);
        // broken[1] is lost
        depacketizer.Push(broken[2].Span, frames);
        Assert.Empty(frames);
        depacketizer.Push(next[0].Span, frames);

        var frame = Assert.Single(frames);
        Assert.Equal([7, 8, 9], frame.Data.ToArray());
        Assert.Equal((1024u, 1024), (frame.RtpTimestamp, frame.Samples));
        Assert.Equal(1, depacketizer.LostPackets);
        Assert.Equal(1, depacketizer.DiscardedPackets); // the orphaned last fragment
    }

    [Fact]
    public void A_marker_before_the_unit_is_whole_discards_it()
    {
        var depacketizer = new AacDepacketizer();
        // Two fragments of an AU that claims 100 bytes but delivers 20 + 20, the second with the marker.
        var fragment = new byte[] { 0x00, 0x10, 0x03, 0x20 }.Concat(new byte[20]).ToArray();

        var frames = new List<AudioFrame>();

        depacketizer.Push(Packet(0, 0, false, fragment), frames);
        depacketizer.Push(Packet(1, 0, true, fragment), frames);

        Assert.Empty(frames);
        Assert.Equal(1, depacketizer.DiscardedPackets);
    }

    public static TheoryData<byte[]> Malformed => new()
    {
        Packet(0, 0, true), // no AU-headers-length
        Packet(0, 0, true, 0x00, 0x00), // no AU headers
        Packet(0, 0, true, 0x00, 0x0F, 0x00, 0x08, 0xAA), // header length not a multiple of 16 bits
        Packet(0, 0, true, 0x00, 0x20, 0x00, 0x08, 0xAA), // two headers announced, one present
        Packet(0, 0, true, 0x00, 0x10, 0x00, 0x00), // AU-size 0
        Packet(0, 0, true, 0x00, 0x10, 0x00, 0x09, 0xAA), // AU-index 1: interleaving
        Packet(0, 0, true, 0x00, 0x20, 0x00, 0x08, 0x00, 0x09, 0xAA, 0xBB), // index-delta 1
        Packet(0, 0, true, 0x00, 0x10, 0x00, 0x08, 0xAA, 0xBB), // data longer than stated
        Packet(0, 0, true, 0x00, 0x20, 0x00, 0x08, 0x00, 0x10, 0xAA, 0xBB), // aggregate shorter than stated
        new byte[] { 0x40, 0x61, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 0x10, 0x00, 0x08, 0xAA }, // RTP version 1
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Drops_malformed_packets(byte[] packet)
    {
        var depacketizer = new AacDepacketizer();

        var frames = new List<AudioFrame>();

        depacketizer.Push(packet, frames);

        Assert.Empty(frames);
        Assert.Equal(1, depacketizer.DiscardedPackets);
    }

    [Fact]
    public void Random_and_mutated_packets_never_throw()
    {
        var random = new Random(3640);
        var depacketizer = new AacDepacketizer();
        var source = FragmentedUnit(2000);
        var aggregate = new AacPacketizer(1, 100).Packetize([new byte[] { 1, 2, 3 }, new byte[] { 4, 5 }], 0);
        var frames = new List<AudioFrame>();
        for (var i = 0; i < 20000; i++)
        {
            var packet = (random.Next(2) == 0 ? source[random.Next(source.Count)] : aggregate[0]).ToArray();
            for (var m = random.Next(0, 4); m > 0; m--)
            {
                packet[random.Next(packet.Length)] = (byte)random.Next(256);
            }

            var input = random.Next(5) == 0 ? packet.AsSpan(0, random.Next(packet.Length)) : packet;
            frames.Clear();
            depacketizer.Push(input, frames);
            Assert.All(frames, frame => Assert.InRange(frame.Data.Length, 1, AacPacketizer.MaxAccessUnitSize));
        }
    }
}
