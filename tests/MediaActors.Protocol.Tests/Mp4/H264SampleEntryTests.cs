using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Mp4;
using MediaActors.Protocol.Tests.Codecs.H264;

namespace MediaActors.Protocol.Tests.Mp4;

public sealed class H264SampleEntryTests
{
    private static readonly byte[] Sps = H264Samples.Sps1280x720Main;
    private static readonly byte[] Pps = H264Samples.Pps1280x720Main;

    [Fact]
    public void Is_an_avc1_of_the_cropped_picture_size()
    {
        var entry = CodecFormat.H264.Mp4SampleEntry([Sps, Pps]);

        Assert.Equal((Mp4TrackKind.Video, 1280, 720, 0, 0), (entry.Kind, entry.Width, entry.Height, entry.SampleRate, entry.Channels));
        var avc1 = Assert.Single(Mp4Box.ReadAll(entry.Box));
        Assert.Equal("avc1", avc1.Type);
        var fields = avc1.Fields().Skip(6);
        Assert.Equal(1, fields.U16()); // data_reference_index
        Assert.Equal((1280, 720), (fields.Skip(16).U16(), fields.U16()));
        Assert.Equal((0x0048_0000u, 0x0048_0000u), (fields.U32(), fields.U32()));
        Assert.Equal(1, fields.Skip(4).U16()); // frame_count
        Assert.Equal((0x18, 0xFFFF), (fields.Skip(32).U16(), fields.U16())); // depth, pre_defined
        Assert.Equal(["avcC"], avc1.Children().Select(box => box.Type));
    }

    [Fact]
    public void AvcC_carries_profile_level_and_the_parameter_sets_with_4_byte_lengths()
    {
        var avcC = AvcC(CodecFormat.H264.Mp4SampleEntry([Sps, Pps]));

        var fields = avcC.Fields();
        Assert.Equal((1, 0x4D, 0x40, 0x1F), (fields.U8(), fields.U8(), fields.U8(), fields.U8()));
        Assert.Equal(0xFF, fields.U8()); // reserved bits, lengthSizeMinusOne = 3
        Assert.Equal(0xE1, fields.U8()); // reserved bits, one SPS
        Assert.Equal(Sps, fields.Bytes(fields.U16()));
        Assert.Equal(1, fields.U8());
        Assert.Equal(Pps, fields.Bytes(fields.U16()));
        Assert.Equal(avcC.Offset + avcC.Size, fields.Offset); // Main profile: no chroma format or bit depths
    }

    [Theory]
    [InlineData("High10", 0xFD, 0xFA)] // 4:2:0, 10-bit
    [InlineData("High444", 0xFF, 0xF8)] // 4:4:4 predictive, 8-bit
    [InlineData("High", 0xFD, 0xF8)]
    public void Profiles_beyond_main_end_the_avcC_with_chroma_format_and_bit_depths(string sample, byte chromaFormat, byte bitDepth)
    {
        var sps = sample switch
        {
            "High10" => H264Samples.Sps1280x720High10,
            "High444" => H264Samples.Sps352x288High444,
            _ => H264Samples.Sps1920x1080High,
        };

        var avcC = AvcC(CodecFormat.H264.Mp4SampleEntry([sps, Pps]));

        Assert.Equal(new byte[] { chromaFormat, bitDepth, bitDepth, 0 }, avcC.Body[^4..]);
        Assert.Equal(6 + 2 + sps.Length + 1 + 2 + Pps.Length + 4, avcC.Body.Length);
    }

    [Theory]
    [InlineData("Main", "avc1.4d401f")]
    [InlineData("High", "avc1.640028")]
    [InlineData("Baseline", "avc1.42c028")]
    public void Codec_string_is_profile_constraints_and_level_in_hex(string sample, string codecString)
    {
        var sps = sample switch
        {
            "Main" => H264Samples.Sps1280x720Main,
            "High" => H264Samples.Sps1920x1080High,
            _ => H264Samples.Sps1920x1080Baseline,
        };

        Assert.Equal(codecString, CodecFormat.H264.Mp4SampleEntry([sps, Pps]).CodecString);
    }

    [Fact]
    public void Rejects_missing_misordered_or_unparseable_parameter_sets()
    {
        Assert.Throws<ArgumentException>("parameterSets", () => CodecFormat.H264.Mp4SampleEntry([]));
        Assert.Throws<ArgumentException>("parameterSets", () => CodecFormat.H264.Mp4SampleEntry([Sps]));
        Assert.Throws<ArgumentException>("parameterSets", () => CodecFormat.H264.Mp4SampleEntry([Pps, Sps]));
        Assert.Throws<ArgumentException>("parameterSets", () => CodecFormat.H264.Mp4SampleEntry([Sps, Array.Empty<byte>()]));
        Assert.Throws<ArgumentException>("sps", () => CodecFormat.H264.Mp4SampleEntry([Sps.AsMemory(0, 5), Pps]));
    }

    private static Mp4Box AvcC(Mp4SampleEntry entry) => Mp4Box.ReadAll(entry.Box)[0].Find("avcC");
}
