using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H265;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Tests.Codecs.H265;
using static MediaActors.Protocol.Tests.Rtp.NalUnitRtpSamples;

namespace MediaActors.Protocol.Tests.Rtp;

/// <summary>The RFC 7798 header layouts and aggregation rules; what H.265 shares with H.264 is in <see cref="NalUnitPacketizationTests"/>.</summary>
public sealed class NalUnitPacketizerH265Tests
{
    private const int MaxPacketSize = 1200;
    private const int MaxPayload = MaxPacketSize - RtpHeader.Size;

    /// <summary>PayloadHdr (2 bytes) plus FU header.</summary>
    private const int FuHeaderSize = 3;

    private static readonly NalUnitRtpSamples Samples = NalUnitRtpSamples.For("H265");

    /// <summary>An IDR_W_RADL slice (layer 0, TID 0) with a random body.</summary>
    private static byte[] RandomSlice(Random random, int length) => Samples.RandomSlice(random, length);

    [Fact]
    public void Fragments_carry_the_payload_header_and_start_end_bits()
    {
        var nal = RandomSlice(new Random(1), (MaxPayload * 2) + 10);
        nal[0] = 0x27; // IDR_W_RADL, top LayerId bit set
        nal[1] = 0x0B; // LayerId 33, TID 2

        var batch = new NalUnitPacketizer<H265Format>(1, 0, maxPacketSize: MaxPacketSize).Packetize(KeyframeOf(nal), 0);

        Assert.Equal(3, batch.Count);
        byte[] expectedFuHeaders = [0x80 | 19, 19, 0x40 | 19];
        for (var i = 0; i < batch.Count; i++)
        {
            var payload = batch[i].Span[RtpHeader.Size..];
            Assert.Equal((49 << 1) | 0x01, payload[0]); // F 0, type 49, LayerId top bit copied
            Assert.Equal(0x0B, payload[1]); // LayerId low bits and TID copied
            Assert.Equal(expectedFuHeaders[i], payload[2]);
        }

        var firstFragmentEnd = 2 + MaxPayload - FuHeaderSize; // the NAL header is carried by the PayloadHdr and FU header instead
        Assert.Equal(nal[2..firstFragmentEnd], batch[0].Span[(RtpHeader.Size + FuHeaderSize)..].ToArray());
        Assert.Equal(nal, Assert.Single(Samples.Depacketize(batch).NalUnits).ToArray());
    }

    [Fact]
    public void Parameter_sets_and_sei_are_aggregated_into_one_ap()
    {
        var sei = H265Samples.Nal(39, 20);
        var idr = RandomSlice(new Random(2), 3000);
        var accessUnit = KeyframeOf(H265Samples.Vps1280x720Main, H265Samples.Sps1280x720Main, H265Samples.Pps1280x720Main, sei, idr);

        var batch = new NalUnitPacketizer<H265Format>(1, 0, maxPacketSize: MaxPacketSize).Packetize(accessUnit, 0);

        var ap = batch[0].Span[RtpHeader.Size..];
        Assert.Equal(new byte[] { 48 << 1, 0x01 }, ap[..2].ToArray()); // F 0, type 48, LayerId 0, TID 0
        Assert.Equal(2 + (2 + 24) + (2 + 43) + (2 + 7) + (2 + 20), ap.Length);
        Assert.Equal(new byte[] { 0, 24 }, ap[2..4].ToArray()); // the VPS's 16-bit size, with no DONL before it
        Assert.Equal(4, batch.Count); // AP, then three fragments of the IDR slice
        Assert.Equal(NalUnitsOf(accessUnit), NalUnitsOf(Samples.Depacketize(batch)));
    }

    [Fact]
    public void Ap_payload_header_takes_any_f_bit_and_the_lowest_layer_and_tid()
    {
        byte[] first = [0x4E, (2 << 3) | 3, 0xAA]; // prefix SEI, LayerId 2, TID 2
        byte[] second = [0xCE, (1 << 3) | 4, 0xBB]; // F bit set, LayerId 1, TID 3
        byte[] third = [0x4F, (0 << 3) | 2, 0xCC]; // LayerId 32, TID 1
        var slice = RandomSlice(new Random(3), 50);

        var batch = new NalUnitPacketizer<H265Format>(1, 0, maxPacketSize: MaxPacketSize).Packetize(KeyframeOf(first, second, third, slice), 0);

        Assert.Equal(2, batch.Count);
        var ap = batch[0].Span[RtpHeader.Size..];
        Assert.Equal(0x80 | (48 << 1), ap[0]); // F set, type 48, LayerId top bit 0
        Assert.Equal((1 << 3) | 2, ap[1]); // LayerId 1, TID 1
    }

    [Fact]
    public void Slices_are_never_aggregated()
    {
        var first = H265Samples.Slice(19, startsPicture: true, length: 300);
        var second = H265Samples.Slice(19, startsPicture: false, length: 200);
        var accessUnit = KeyframeOf(H265Samples.Vps1280x720Main, H265Samples.Sps1280x720Main, H265Samples.Pps1280x720Main, first, second);

        var batch = new NalUnitPacketizer<H265Format>(1, 0, maxPacketSize: MaxPacketSize).Packetize(accessUnit, 0);

        Assert.Equal(3, batch.Count); // AP (VPS, SPS, PPS), then each slice as a single NAL unit packet
        Assert.Equal(H265NalUnitType.AggregationPacket, H265Nal.TypeOf(batch[0].Span[RtpHeader.Size..]));
        Assert.Equal(first, batch[1].Span[RtpHeader.Size..].ToArray());
        Assert.Equal(second, batch[2].Span[RtpHeader.Size..].ToArray());
    }

    [Fact]
    public void Suffix_sei_after_a_slice_goes_on_its_own()
    {
        var slice = RandomSlice(new Random(5), 100);
        var suffixSei = H265Samples.Nal(40, 10);

        var batch = new NalUnitPacketizer<H265Format>(1, 0, maxPacketSize: MaxPacketSize).Packetize(KeyframeOf(slice, suffixSei), 0);

        Assert.Equal(2, batch.Count);
        Assert.Equal(suffixSei, batch[1].Span[RtpHeader.Size..].ToArray());
    }

    [Fact]
    public void Units_that_do_not_fit_one_ap_start_another()
    {
        var bigSei = H265Samples.Nal(39, MaxPayload - 40);
        var accessUnit = KeyframeOf(H265Samples.Vps1280x720Main, bigSei, H265Samples.Sps1280x720Main, H265Samples.Pps1280x720Main);

        var batch = new NalUnitPacketizer<H265Format>(1, 0, maxPacketSize: MaxPacketSize).Packetize(accessUnit, 0);

        Assert.Equal(2, batch.Count); // AP (VPS, SEI), then AP (SPS, PPS)
        Assert.Equal(NalUnitsOf(accessUnit), NalUnitsOf(Samples.Depacketize(batch)));
    }
}
