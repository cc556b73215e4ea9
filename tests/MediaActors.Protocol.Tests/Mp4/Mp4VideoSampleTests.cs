using MediaActors.Protocol.Mp4;
using MediaActors.Protocol.Tests.Codecs.H264;
using MediaActors.Protocol.Tests.Codecs.H265;

namespace MediaActors.Protocol.Tests.Mp4;

public sealed class Mp4VideoSampleTests
{
    [Fact]
    public void Puts_each_nal_unit_behind_its_4_byte_size()
    {
        byte[] sei = [0x06, 0x05, 0x01, 0x80];
        var slice = H264Samples.IdrSlice(300);

        var sample = Mp4VideoSample.FromNalUnits([sei, slice]);

        byte[] expected = [0, 0, 0, 4, .. sei, 0, 0, 0x01, 0x2C, .. slice];
        Assert.Equal(expected, sample);
    }

    [Fact]
    public void Keeps_parameter_sets_in_band()
    {
        byte[][] nalUnits = [H264Samples.Sps1280x720Main, H264Samples.Pps1280x720Main, H264Samples.IdrSlice(50)];

        var sample = Mp4VideoSample.FromNalUnits([.. nalUnits.Select(nal => (ReadOnlyMemory<byte>)nal)]);

        Assert.Equal(nalUnits.Sum(nal => 4 + nal.Length), sample.Length);
        Assert.Equal(H264Samples.Sps1280x720Main, sample[4..(4 + H264Samples.Sps1280x720Main.Length)]);
    }

    [Fact]
    public void Leaves_out_access_unit_delimiters_of_either_codec()
    {
        byte[] h264Delimiter = [0x09, 0xF0];
        byte[] h265Delimiter = [0x46, 0x01, 0x50];
        var h264Slice = H264Samples.NonIdrSlice(startsPicture: true, 20);
        var h265Slice = H265Samples.TrailingSlice(startsPicture: true, 20);

        Assert.Equal(Mp4VideoSample.FromNalUnits([h264Slice]), Mp4VideoSample.FromNalUnits([h264Delimiter, h264Slice]));
        Assert.Equal(Mp4VideoSample.FromNalUnits([h265Slice]), Mp4VideoSample.FromNalUnits([h265Delimiter, h265Slice]));
    }

    /// <summary>Only the exact length of a delimiter tells them apart from units whose header byte reads the same.</summary>
    [Fact]
    public void Keeps_units_whose_header_reads_as_the_other_codecs_delimiter()
    {
        byte[] h264SpsWithNri2 = [0x47, .. H264Samples.Sps1280x720Main[1..]]; // as H.265: type 35
        byte[] h265HigherLayerSlice = [0x09, 0x01, 0x80, 0x40]; // as H.264: 0x09, the delimiter's header

        Assert.Equal(4 + h264SpsWithNri2.Length, Mp4VideoSample.FromNalUnits([h264SpsWithNri2]).Length);
        Assert.Equal(4 + h265HigherLayerSlice.Length, Mp4VideoSample.FromNalUnits([h265HigherLayerSlice]).Length);
    }

    [Fact]
    public void Reads_annex_b_with_3_and_4_byte_start_codes_like_the_nal_units()
    {
        var sps = H264Samples.Sps1280x720Main;
        var pps = H264Samples.Pps1280x720Main;
        var slice = H264Samples.IdrSlice(80);
        byte[] annexB = [0, 0, 0, 1, 0x09, 0xF0, 0, 0, 0, 1, .. sps, 0, 0, 1, .. pps, 0, 0, 1, .. slice, 0, 0];

        Assert.Equal(Mp4VideoSample.FromNalUnits([sps, pps, slice]), Mp4VideoSample.FromAnnexB(annexB));
    }
}
