using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Mp4;
using MediaActors.Protocol.Tests.Codecs.H265;

namespace MediaActors.Protocol.Tests.Mp4;

public sealed class H265SampleEntryTests
{
    private static readonly byte[] Vps = H265Samples.Vps1280x720Main;
    private static readonly byte[] Sps = H265Samples.Sps1280x720Main;
    private static readonly byte[] Pps = H265Samples.Pps1280x720Main;

    [Fact]
    public void Is_an_hvc1_of_the_picture_size_holding_an_hvcC()
    {
        var entry = CodecFormat.H265.Mp4SampleEntry([Vps, Sps, Pps]);

        Assert.Equal((Mp4TrackKind.Video, 1280, 720), (entry.Kind, entry.Width, entry.Height));
        var hvc1 = Assert.Single(Mp4Box.ReadAll(entry.Box));
        Assert.Equal("hvc1", hvc1.Type);
        Assert.Equal((1280, 720), (hvc1.Fields().Skip(24).U16(), hvc1.Fields().Skip(26).U16()));
        Assert.Equal(["hvcC"], hvc1.Children().Select(box => box.Type));
    }

    [Fact]
    public void HvcC_carries_the_sps_profile_tier_level_and_format()
    {
        var fields = HvcC(CodecFormat.H265.Mp4SampleEntry([Vps, Sps, Pps])).Fields();

        Assert.Equal(1, fields.U8()); // configurationVersion
        Assert.Equal(0x01, fields.U8()); // profile space 0, Main tier, Main profile
        Assert.Equal(0x6000_0000u, fields.U32()); // compatible with Main and Main 10
        Assert.Equal(new byte[] { 0x90, 0, 0, 0, 0, 0 }, fields.Bytes(6)); // progressive, frame only
        Assert.Equal(93, fields.U8()); // level 3.1
        Assert.Equal(0xF000, fields.U16()); // min_spatial_segmentation_idc 0
        Assert.Equal(0xFC, fields.U8()); // parallelismType 0
        Assert.Equal(0xFD, fields.U8()); // 4:2:0
        Assert.Equal((0xF8, 0xF8), (fields.U8(), fields.U8())); // 8-bit
        Assert.Equal(0, fields.U16()); // avgFrameRate
        Assert.Equal(0b00_001_1_11, fields.U8()); // constantFrameRate 0, one temporal layer, nested, lengthSizeMinusOne 3
    }

    [Fact]
    public void HvcC_holds_one_complete_array_each_for_vps_sps_and_pps()
    {
        var hvcC = HvcC(CodecFormat.H265.Mp4SampleEntry([Vps, Sps, Pps]));
        var fields = hvcC.Fields().Skip(22);

        Assert.Equal(3, fields.U8());
        foreach (var (type, nal) in new[] { (32, Vps), (33, Sps), (34, Pps) })
        {
            Assert.Equal(0x80 | type, fields.U8()); // array_completeness, NAL unit type
            Assert.Equal(1, fields.U16());
            Assert.Equal(nal, fields.Bytes(fields.U16()));
        }

        Assert.Equal(hvcC.Offset + hvcC.Size, fields.Offset);
    }

    [Fact]
    public void HvcC_states_bit_depths_and_temporal_layers()
    {
        var main10 = HvcC(CodecFormat.H265.Mp4SampleEntry([Vps, H265Samples.Sps1280x720Main10, Pps])).Fields().Skip(17);
        var twoLayers = HvcC(CodecFormat.H265.Mp4SampleEntry([Vps, H265Samples.Sps640x360TwoSubLayers, Pps])).Fields().Skip(21);

        Assert.Equal((0xFA, 0xFA), (main10.U8(), main10.U8()));
        Assert.Equal(0b00_010_0_11, twoLayers.U8()); // two temporal layers, not nested
    }

    [Theory]
    [InlineData(0x01, "hvc1.1.6.L93.90")] // Main, Main tier
    [InlineData(0b01_1_00010, "hvc1.A2.6.H93.90")] // profile space 1, High tier, Main 10
    public void Codec_string_follows_annex_e_of_14496_15(byte profileByte, string codecString)
    {
        byte[] sps = [.. Sps];
        sps[3] = profileByte;

        Assert.Equal(codecString, CodecFormat.H265.Mp4SampleEntry([Vps, sps, Pps]).CodecString);
    }

    [Fact]
    public void Codec_string_of_main_10_names_its_compatibility_flag()
    {
        Assert.Equal("hvc1.2.4.L93.90", CodecFormat.H265.Mp4SampleEntry([Vps, H265Samples.Sps1280x720Main10, Pps]).CodecString);
    }

    [Fact]
    public void Rejects_missing_misordered_or_unparseable_parameter_sets()
    {
        Assert.Throws<ArgumentException>("parameterSets", () => CodecFormat.H265.Mp4SampleEntry([Sps, Pps]));
        Assert.Throws<ArgumentException>("parameterSets", () => CodecFormat.H265.Mp4SampleEntry([Sps, Vps, Pps]));
        Assert.Throws<ArgumentException>("sps", () => CodecFormat.H265.Mp4SampleEntry([Vps, Sps.AsMemory(0, 18), Pps]));
    }

    private static Mp4Box HvcC(Mp4SampleEntry entry) => Mp4Box.ReadAll(entry.Box)[0].Find("hvcC");
}
