using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H264;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Tests.Codecs.H264;

namespace MediaActors.Protocol.Tests.Rtp;

public sealed class H264PacketizerTests
{
    private const int MaxPacketSize = 1200;
    private const int MaxPayload = MaxPacketSize - RtpHeader.Size;

    private static AccessUnit KeyframeOf(params byte[][] nalUnits) =>
        new(nalUnits.Select(nal => (ReadOnlyMemory<byte>)nal).ToArray(), IsKeyframe: true, StartsNewPicture: true);

    private static byte[] RandomNal(Random random, int length)
    {
        var nal = new byte[length];
        random.NextBytes(nal);
        nal[0] = 0x65;
        return nal;
    }

    private static AccessUnit Depacketize(RtpPacketBatch batch)
    {
        var depacketizer = new H264Depacketizer();
        AccessUnit? result = null;
        for (int i = 0; i < batch.Count; i++)
        {
            Assert.Null(result); // only the marker packet completes the access unit
            depacketizer.TryPush(batch[i].Span, out result);
        }

        Assert.Equal(0, depacketizer.LostPackets);
        return Assert.IsType<AccessUnit>(result);
    }

    [Theory]
    [InlineData(MaxPayload - 1, 1)]
    [InlineData(MaxPayload, 1)]
    [InlineData(MaxPayload + 1, 2)]
    [InlineData(100 * 1024, 87)]
    public void Round_trips_bit_exact_around_the_fragmentation_boundary(int nalLength, int expectedPackets)
    {
        var nal = RandomNal(new Random(nalLength), nalLength);
        var packetizer = new H264Packetizer(ssrc: 0x11223344, initialSequenceNumber: 100, maxPacketSize: MaxPacketSize);

        var batch = packetizer.Packetize(KeyframeOf(nal), rtpTimestamp: 90000);

        Assert.Equal(expectedPackets, batch.Count);
        Assert.Equal(nal, Depacketize(batch).NalUnits.Single().ToArray());
        for (int i = 0; i < batch.Count; i++)
        {
            Assert.True(batch[i].Length <= MaxPacketSize);
            Assert.True(RtpHeader.TryRead(batch[i].Span, out var header, out _));
            Assert.Equal(i == batch.Count - 1, header.Marker);
            Assert.Equal((90000u, 0x11223344u, (ushort)(100 + i)), (header.Timestamp, header.Ssrc, header.SequenceNumber));
        }
    }

    [Fact]
    public void Fragments_carry_fu_indicator_and_start_end_bits()
    {
        var nal = RandomNal(new Random(1), (MaxPayload * 2) + 10);
        nal[0] = 0x65; // NRI 3, IDR

        var batch = new H264Packetizer(1, 0, maxPacketSize: MaxPacketSize).Packetize(KeyframeOf(nal), 0);

        Assert.Equal(3, batch.Count);
        byte[] expectedFuHeaders = [0x85, 0x05, 0x45];
        for (int i = 0; i < batch.Count; i++)
        {
            var payload = batch[i].Span[RtpHeader.Size..];
            Assert.Equal(0x7C, payload[0]); // F=0, NRI=3, type 28
            Assert.Equal(expectedFuHeaders[i], payload[1]);
        }

        int firstFragmentEnd = 1 + MaxPayload - 2; // the NAL header byte is carried by the FU bytes instead
        Assert.Equal(nal[1..firstFragmentEnd], batch[0].Span[(RtpHeader.Size + 2)..].ToArray());
    }

    [Fact]
    public void Small_consecutive_units_are_aggregated_into_a_stap_a()
    {
        var sei = H264Samples.Nal(0x06, 20);
        var idr = RandomNal(new Random(2), 3000);
        var accessUnit = KeyframeOf(H264Samples.Sps1280x720Main, H264Samples.Pps1280x720Main, sei, idr);

        var batch = new H264Packetizer(1, 0, maxPacketSize: MaxPacketSize).Packetize(accessUnit, 0);

        var stapA = batch[0].Span[RtpHeader.Size..];
        Assert.Equal((byte)H264NalUnitType.StapA | 0x60, stapA[0]); // NRI of the SPS, the highest
        Assert.Equal(1 + 2 + 25 + 2 + 5 + 2 + 20, stapA.Length);
        Assert.Equal(4, batch.Count); // STAP-A, then three FU-A fragments of the IDR
        Assert.Equal(accessUnit.NalUnits.Select(n => n.ToArray()), Depacketize(batch).NalUnits.Select(n => n.ToArray()));
    }

    [Fact]
    public void A_small_slice_is_not_aggregated_with_the_parameter_sets_in_front_of_it()
    {
        var idr = RandomNal(new Random(4), 300);
        var accessUnit = KeyframeOf(H264Samples.Sps1280x720Main, H264Samples.Pps1280x720Main, idr);

        var batch = new H264Packetizer(1, 0, maxPacketSize: MaxPacketSize).Packetize(accessUnit, 0);

        Assert.Equal(2, batch.Count); // STAP-A (SPS, PPS), then the IDR slice as a single NAL unit packet
        Assert.Equal((byte)H264NalUnitType.StapA, batch[0].Span[RtpHeader.Size] & 0x1f);
        Assert.Equal(idr, batch[1].Span[RtpHeader.Size..].ToArray());
    }

    [Fact]
    public void Sequence_numbers_wrap_at_65535()
    {
        var packetizer = new H264Packetizer(1, initialSequenceNumber: 65534, maxPacketSize: MaxPacketSize);

        var batch = packetizer.Packetize(KeyframeOf(RandomNal(new Random(3), MaxPayload * 3)), 0);

        Assert.Equal(4, batch.Count);
        Assert.Equal(65534, batch.FirstSequenceNumber);
        ushort[] sequenceNumbers = [65534, 65535, 0, 1];
        for (int i = 0; i < batch.Count; i++)
        {
            RtpHeader.TryRead(batch[i].Span, out var header, out _);
            Assert.Equal(sequenceNumbers[i], header.SequenceNumber);
        }

        Assert.Equal(2, packetizer.NextSequenceNumber);
    }

    [Fact]
    public void Random_access_units_round_trip_in_sequence()
    {
        var random = new Random(42);
        var packetizer = new H264Packetizer(7, 65000, maxPacketSize: MaxPacketSize);
        var depacketizer = new H264Depacketizer();
        for (int frame = 0; frame < 200; frame++)
        {
            var nalUnits = Enumerable.Range(0, random.Next(1, 6)).Select(_ => RandomNal(random, random.Next(1, 5000))).ToArray();
            var batch = packetizer.Packetize(KeyframeOf(nalUnits), (uint)(frame * 3000));
            AccessUnit? received = null;
            for (int i = 0; i < batch.Count; i++)
            {
                depacketizer.TryPush(batch[i].Span, out received);
            }

            Assert.Equal(nalUnits, received!.NalUnits.Select(n => n.ToArray()));
            Assert.Equal((uint)(frame * 3000), batch.Timestamp);
        }

        Assert.Equal(0, depacketizer.LostPackets);
    }

    [Fact]
    public void Empty_access_unit_gives_an_empty_batch()
    {
        var packetizer = new H264Packetizer(1, 5);

        var batch = packetizer.Packetize(new AccessUnit([], false, true), 0);

        Assert.Equal(0, batch.Count);
        Assert.Equal(5, packetizer.NextSequenceNumber);
    }

    [Fact]
    public void Rejects_invalid_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>("maxPacketSize", () => new H264Packetizer(1, 0, maxPacketSize: 99));
        Assert.Throws<ArgumentOutOfRangeException>("maxPacketSize", () => new H264Packetizer(1, 0, maxPacketSize: 70000));
        Assert.Throws<ArgumentOutOfRangeException>("payloadType", () => new H264Packetizer(1, 0, payloadType: 128));
    }
}
