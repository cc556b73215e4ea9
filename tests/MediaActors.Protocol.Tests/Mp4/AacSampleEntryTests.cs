using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Mp4;

namespace MediaActors.Protocol.Tests.Mp4;

public sealed class AacSampleEntryTests
{
    private static readonly AudioSpecificConfig LowComplexity48kStereo = new(AudioSpecificConfig.AacLowComplexity, 48_000, 2);

    [Fact]
    public void Is_an_mp4a_of_the_channel_count_and_sample_rate()
    {
        var entry = CodecFormat.Aac.Mp4SampleEntry(LowComplexity48kStereo);

        Assert.Equal((Mp4TrackKind.Audio, 0, 0, 48_000, 2), (entry.Kind, entry.Width, entry.Height, entry.SampleRate, entry.Channels));
        var mp4a = Assert.Single(Mp4Box.ReadAll(entry.Box));
        Assert.Equal("mp4a", mp4a.Type);
        var fields = mp4a.Fields().Skip(6);
        Assert.Equal(1, fields.U16()); // data_reference_index
        Assert.Equal((2, 16), (fields.Skip(8).U16(), fields.U16())); // channelcount, samplesize
        Assert.Equal(48_000u << 16, fields.Skip(4).U32()); // 16.16
        Assert.Equal(["esds"], mp4a.Children().Select(box => box.Type));
    }

    [Fact]
    public void Esds_names_mpeg4_audio_and_carries_the_audio_specific_config()
    {
        var esds = Mp4Box.ReadAll(CodecFormat.Aac.Mp4SampleEntry(LowComplexity48kStereo).Box)[0].Find("esds");
        var fields = esds.Fields().Skip(4);

        Assert.Equal((0x03, 25), (fields.U8(), fields.U8())); // ES_Descriptor and its size
        Assert.Equal((0, 0), (fields.U16(), fields.U8())); // ES_ID, flags
        Assert.Equal((0x04, 17), (fields.U8(), fields.U8())); // DecoderConfigDescriptor
        Assert.Equal((0x40, 0x15), (fields.U8(), fields.U8())); // MPEG-4 Audio, audio stream
        fields.Skip(3 + 4 + 4); // buffer size, bitrates
        Assert.Equal((0x05, 2), (fields.U8(), fields.U8())); // DecoderSpecificInfo
        Assert.Equal(new byte[] { 0x11, 0x90 }, fields.Bytes(2)); // AAC-LC, 48 kHz, stereo
        Assert.Equal((0x06, 1, 2), (fields.U8(), fields.U8(), fields.U8())); // SLConfigDescriptor predefined 2
        Assert.Equal(esds.Offset + esds.Size, fields.Offset);
    }

    [Fact]
    public void An_explicit_sample_rate_beyond_the_16_bit_field_is_left_to_the_config()
    {
        var config = new AudioSpecificConfig(AudioSpecificConfig.AacLowComplexity, 100_000, 1);

        var entry = CodecFormat.Aac.Mp4SampleEntry(config);

        var mp4a = Mp4Box.ReadAll(entry.Box)[0];
        Assert.Equal(0u, mp4a.Fields().Skip(24).U32());
        Assert.Equal(config.ToBytes(), mp4a.Find("esds").Body[^8..^3]);
        Assert.Equal(100_000, entry.SampleRate);
    }

    [Theory]
    [InlineData(AudioSpecificConfig.AacLowComplexity, "mp4a.40.2")]
    [InlineData(AudioSpecificConfig.AacMain, "mp4a.40.1")]
    public void Codec_string_is_mpeg4_audio_and_the_object_type(int objectType, string codecString)
    {
        Assert.Equal(codecString, CodecFormat.Aac.Mp4SampleEntry(new AudioSpecificConfig(objectType, 44_100, 2)).CodecString);
    }
}
