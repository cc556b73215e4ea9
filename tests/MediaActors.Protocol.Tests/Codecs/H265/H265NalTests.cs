using MediaActors.Protocol.Codecs.H265;

namespace MediaActors.Protocol.Tests.Codecs.H265;

public sealed class H265NalTests
{
    [Theory]
    [InlineData(0x40, H265NalUnitType.Vps)]
    [InlineData(0x42, H265NalUnitType.Sps)]
    [InlineData(0x44, H265NalUnitType.Pps)]
    [InlineData(0x26, H265NalUnitType.IdrWRadl)]
    [InlineData(0x28, H265NalUnitType.IdrNLp)]
    [InlineData(0x2A, H265NalUnitType.Cra)]
    [InlineData(0x02, H265NalUnitType.TrailR)]
    [InlineData(0x46, H265NalUnitType.AccessUnitDelimiter)]
    [InlineData(0x4E, H265NalUnitType.PrefixSei)]
    [InlineData(0x50, H265NalUnitType.SuffixSei)]
    [InlineData(0x60, H265NalUnitType.AggregationPacket)]
    [InlineData(0x63, H265NalUnitType.FragmentationUnit)] // F bit clear, top layer-id bit set
    [InlineData(0xE2, H265NalUnitType.FragmentationUnit)] // forbidden bit set
    public void TypeOf_reads_the_six_bits_after_the_forbidden_bit(byte header, H265NalUnitType expected)
    {
        Assert.Equal(expected, H265Nal.TypeOf(header));
        Assert.Equal(expected, H265Nal.TypeOf([header, 0x01]));
    }

    [Theory]
    [InlineData(0x40, 0x01, 0, 0)]
    [InlineData(0x41, 0x01, 32, 0)]
    [InlineData(0x40, 0xF9, 31, 0)]
    [InlineData(0x02, 0x03, 0, 2)]
    [InlineData(0x03, 0xFF, 63, 6)]
    [InlineData(0x02, 0x00, 0, -1)] // nuh_temporal_id_plus1 0 is forbidden
    public void Layer_and_temporal_id_come_from_the_second_byte(byte first, byte second, int layerId, int temporalId)
    {
        Assert.Equal(layerId, H265Nal.LayerIdOf([first, second]));
        Assert.Equal(temporalId, H265Nal.TemporalIdOf([first, second]));
    }

    [Theory]
    [InlineData(H265NalUnitType.TrailN, true, false)]
    [InlineData(H265NalUnitType.RaslR, true, false)]
    [InlineData(H265NalUnitType.BlaWLp, true, true)]
    [InlineData(H265NalUnitType.IdrWRadl, true, true)]
    [InlineData(H265NalUnitType.IdrNLp, true, true)]
    [InlineData(H265NalUnitType.Cra, true, true)]
    [InlineData((H265NalUnitType)23, true, true)] // RSV_IRAP_VCL23
    [InlineData((H265NalUnitType)24, true, false)] // RSV_VCL24
    [InlineData((H265NalUnitType)31, true, false)]
    [InlineData(H265NalUnitType.Vps, false, false)]
    [InlineData(H265NalUnitType.PrefixSei, false, false)]
    public void IsVcl_covers_0_to_31_and_IsIrap_16_to_23(H265NalUnitType type, bool vcl, bool irap)
    {
        Assert.Equal(vcl, H265Nal.IsVcl(type));
        Assert.Equal(irap, H265Nal.IsIrap(type));
    }

    [Theory]
    [InlineData(H265NalUnitType.SuffixSei, true)]
    [InlineData((H265NalUnitType)45, true)]
    [InlineData((H265NalUnitType)47, true)]
    [InlineData((H265NalUnitType)56, true)]
    [InlineData((H265NalUnitType)63, true)]
    [InlineData(H265NalUnitType.PrefixSei, false)]
    [InlineData(H265NalUnitType.Sps, false)]
    [InlineData((H265NalUnitType)41, false)]
    [InlineData((H265NalUnitType)48, false)]
    [InlineData(H265NalUnitType.IdrWRadl, false)]
    public void IsSuffix_is_true_for_units_that_follow_their_slices(H265NalUnitType type, bool expected)
    {
        Assert.Equal(expected, H265Nal.IsSuffix(type));
    }

    [Fact]
    public void StartsPicture_checks_first_slice_segment_in_pic_flag()
    {
        Assert.True(H265Nal.StartsPicture(H265Samples.IdrSlice()));
        Assert.True(H265Nal.StartsPicture(H265Samples.TrailingSlice()));
        Assert.False(H265Nal.StartsPicture(H265Samples.TrailingSlice(startsPicture: false)));
        Assert.False(H265Nal.StartsPicture(H265Samples.Sps1280x720Main));
        Assert.False(H265Nal.StartsPicture([0x26, 0x01]));
        Assert.False(H265Nal.StartsPicture([]));
    }
}
