using MediaActors.Protocol.Codecs.H264;

namespace MediaActors.Protocol.Tests.Codecs.H264;

public sealed class H264NalTests
{
    [Theory]
    [InlineData(0x67, H264NalUnitType.Sps)]
    [InlineData(0x68, H264NalUnitType.Pps)]
    [InlineData(0x65, H264NalUnitType.IdrSlice)]
    [InlineData(0x41, H264NalUnitType.NonIdrSlice)]
    [InlineData(0x09, H264NalUnitType.AccessUnitDelimiter)]
    [InlineData(0x7C, H264NalUnitType.FuA)]
    public void TypeOf_reads_the_low_five_bits(byte header, H264NalUnitType expected)
    {
        Assert.Equal(expected, H264Nal.TypeOf(header));
    }

    [Theory]
    [InlineData(H264NalUnitType.NonIdrSlice, true)]
    [InlineData(H264NalUnitType.SliceDataPartitionA, true)]
    [InlineData(H264NalUnitType.IdrSlice, true)]
    [InlineData(H264NalUnitType.Sei, false)]
    [InlineData(H264NalUnitType.Sps, false)]
    [InlineData(H264NalUnitType.Unspecified, false)]
    public void IsVcl_is_true_for_slices_only(H264NalUnitType type, bool expected)
    {
        Assert.Equal(expected, H264Nal.IsVcl(type));
    }

    [Fact]
    public void StartsPicture_checks_first_mb_in_slice()
    {
        Assert.True(H264Nal.StartsPicture(H264Samples.IdrSlice()));
        Assert.True(H264Nal.StartsPicture(H264Samples.NonIdrSlice()));
        Assert.False(H264Nal.StartsPicture(H264Samples.NonIdrSlice(startsPicture: false)));
        Assert.False(H264Nal.StartsPicture(H264Samples.Sps1280x720Main));
        Assert.False(H264Nal.StartsPicture([0x65]));
    }
}
