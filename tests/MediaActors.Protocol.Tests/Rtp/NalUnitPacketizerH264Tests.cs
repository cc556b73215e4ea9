using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H264;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Tests.Codecs.H264;
using static MediaActors.Protocol.Tests.Rtp.NalUnitRtpSamples;

namespace MediaActors.Protocol.Tests.Rtp;

/// <summary>The RFC 6184 header layouts; what H.264 shares with H.265 is in <see cref="NalUnitPacketizationTests"/>.</summary>
public sealed class NalUnitPacketizerH264Tests
{
    private const int MaxPacketSize = 1200;
    private const int MaxPayload = MaxPacketSize - RtpHeader.Size;

    private static readonly NalUnitRtpSamples Samples = NalUnitRtpSamples.For("H264");

    private static byte[] RandomNal(Random random, int length) => Samples.RandomSlice(random, length);

    [Fact]
    public void Fragments_carry_fu_indicator_and_start_end_bits()
    {
        var nal = RandomNal(new Random(1), (MaxPayload * 2) + 10);
        nal[0] = 0x65; // NRI 3, IDR

        var batch = new NalUnitPacketizer<H264Format>(1, 0, maxPacketSize: MaxPacketSize).Packetize(KeyframeOf(nal), 0);

        Assert.Equal(3, batch.Count);
        byte[] expectedFuHeaders = [0x85, 0x05, 0x45];
        for (var i = 0; i < batch.Count; i++)
        {
            var payload = batch[i].Span[RtpHeader.Size..];
            Assert.Equal(0x7C, payload[0]); // F=0, NRI=3, type 28
            Assert.Equal(expectedFuHeaders[i], payload[1]);
        }

        var firstFragmentEnd = 1 + MaxPayload - 2; // the NAL header byte is carried by the FU bytes instead
        Assert.Equal(nal[1..firstFragmentEnd], batch[0].Span[(RtpHeader.Size + 2)..].ToArray());
    }

    [Fact]
    public void Small_consecutive_units_are_aggregated_into_a_stap_a()
    {
        var sei = H264Samples.Nal(0x06, 20);
        var idr = RandomNal(new Random(2), 3000);
        var accessUnit = KeyframeOf(H264Samples.Sps1280x720Main, H264Samples.Pps1280x720Main, sei, idr);

        var batch = new NalUnitPacketizer<H264Format>(1, 0, maxPacketSize: MaxPacketSize).Packetize(accessUnit, 0);

        var stapA = batch[0].Span[RtpHeader.Size..];
        Assert.Equal((byte)H264NalUnitType.StapA | 0x60, stapA[0]); // NRI of the SPS, the highest
        Assert.Equal(1 + 2 + 25 + 2 + 5 + 2 + 20, stapA.Length);
        Assert.Equal(4, batch.Count); // STAP-A, then three FU-A fragments of the IDR
        Assert.Equal(accessUnit.NalUnits.Select(n => n.ToArray()), Samples.Depacketize(batch).NalUnits.Select(n => n.ToArray()));
    }

    [Fact]
    public void A_small_slice_is_not_aggregated_with_the_parameter_sets_in_front_of_it()
    {
        var idr = RandomNal(new Random(4), 300);
        var accessUnit = KeyframeOf(H264Samples.Sps1280x720Main, H264Samples.Pps1280x720Main, idr);

        var batch = new NalUnitPacketizer<H264Format>(1, 0, maxPacketSize: MaxPacketSize).Packetize(accessUnit, 0);

        Assert.Equal(2, batch.Count); // STAP-A (SPS, PPS), then the IDR slice as a single NAL unit packet
        Assert.Equal((byte)H264NalUnitType.StapA, batch[0].Span[RtpHeader.Size] & 0x1f);
        Assert.Equal(idr, batch[1].Span[RtpHeader.Size..].ToArray());
    }
}
