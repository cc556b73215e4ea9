using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Tests.Samples;

namespace MediaActors.Protocol.Tests.Codecs.Aac;

public sealed class AdtsHeaderTests
{
    [Fact]
    public void Reads_ffmpegs_8_khz_mono_header()
    {
        Assert.True(AdtsHeader.TryParse(SampleFiles.Read("sine8k.aac"), out var header));

        Assert.Equal(new AdtsHeader(Profile: 1, SamplingFrequencyIndex: 11, ChannelConfiguration: 1, FrameLength: 608, HasCrc: false, RawDataBlockCount: 1), header);
        Assert.Equal((2, 8000, 7, 601), (header.ObjectType, header.SamplingFrequency, header.HeaderLength, header.PayloadLength));
        Assert.Equal(new AudioSpecificConfig(2, 8000, 1), header.ToAudioSpecificConfig());
    }

    [Fact]
    public void Reads_ffmpegs_48_khz_stereo_header()
    {
        Assert.True(AdtsHeader.TryParse(SampleFiles.Read("sine48k_stereo.aac"), out var header));

        Assert.Equal(new AdtsHeader(1, 3, 2, 295, false, 1), header);
        Assert.Equal("1190", header.ToAudioSpecificConfig().ToHexString());
    }

    [Fact]
    public void A_crc_makes_the_header_nine_bytes()
    {
        var frame = AdtsSamples.Frame(AdtsSamples.Payload(100), crc: true);

        Assert.True(AdtsHeader.TryParse(frame, out var header));

        Assert.True(header.HasCrc);
        Assert.Equal((9, 109, 100), (header.HeaderLength, header.FrameLength, header.PayloadLength));
        Assert.Equal(9, AdtsHeader.HeaderLengthOf(frame.AsSpan(0, 7)));
        Assert.Equal(7, AdtsHeader.HeaderLengthOf(AdtsSamples.Frame(AdtsSamples.Payload(100))));
    }

    [Theory]
    [InlineData(1, 1024)]
    [InlineData(4, 4096)]
    public void A_frame_holds_1024_samples_per_raw_data_block(int rawDataBlocks, int samples)
    {
        Assert.True(AdtsHeader.TryParse(AdtsSamples.Frame(AdtsSamples.Payload(100), rawDataBlocks: rawDataBlocks), out var header));

        Assert.Equal(samples, header.SampleCount);
    }

    [Theory]
    [InlineData(8000, true)]
    [InlineData(44100, true)]
    [InlineData(48000, true)]
    [InlineData(96000, true)]
    [InlineData(10000, false)]
    [InlineData(0, false)]
    public void Carries_only_the_standard_sampling_rates(int samplingFrequency, bool canCarry)
    {
        Assert.Equal(canCarry, AdtsHeader.CanCarry(samplingFrequency));
    }

    [Fact]
    public void Reads_mpeg2_ids_the_largest_frame_length_and_several_raw_data_blocks()
    {
        var frame = AdtsSamples.Frame(AdtsSamples.Payload(8191 - 7), profile: 0, frequencyIndex: 0, channels: 7, rawDataBlocks: 4);
        frame[1] |= 0x08; // ID = 1: MPEG-2 AAC, same syntax

        Assert.True(AdtsHeader.TryParse(frame, out var header));

        Assert.Equal(new AdtsHeader(0, 0, 7, 8191, false, 4), header);
    }

    public static TheoryData<byte[]> Malformed => new()
    {
        Array.Empty<byte>(),
        AdtsSamples.Frame(AdtsSamples.Payload(10))[..6], // shorter than a header
        AdtsSamples.Frame(AdtsSamples.Payload(10), crc: true)[..8], // CRC cut off
        new byte[] { 0xFF, 0xE1, 0x6C, 0x40, 0x4C, 0x1F, 0xFC }, // sync word of 11 bits only
        new byte[] { 0xFF, 0xF3, 0x6C, 0x40, 0x4C, 0x1F, 0xFC }, // layer 1 (MP3's sync word)
        AdtsSamples.Frame(AdtsSamples.Payload(10), frequencyIndex: 13), // reserved frequency index
        AdtsSamples.Frame(AdtsSamples.Payload(10), frequencyIndex: 15), // escape is not allowed in ADTS
        new byte[] { 0xFF, 0xF1, 0x6C, 0x40, 0x00, 0xFF, 0xFC }, // frame length 7: no payload
        new byte[] { 0xFF, 0xF0, 0x6C, 0x40, 0x01, 0x1F, 0xFC, 0, 0 }, // frame length 8 with a 9-byte header
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Rejects_malformed_headers(byte[] data)
    {
        Assert.False(AdtsHeader.TryParse(data, out _));
    }
}
