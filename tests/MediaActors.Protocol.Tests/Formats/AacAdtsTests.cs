using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Tests.Samples;

namespace MediaActors.Protocol.Tests.Formats;

public sealed class AacAdtsTests
{
    [Fact]
    public void Wraps_an_access_unit_in_a_header_without_crc()
    {
        var frame = AacFormat.ToAdts(new AudioSpecificConfig(2, 48000, 2), [0xDE, 0xAD, 0xBE]);

        Assert.Equal([0xFF, 0xF1, 0x4C, 0x80, 0x01, 0x5F, 0xFC, 0xDE, 0xAD, 0xBE], frame);
    }

    [Theory]
    [InlineData("sine8k.aac")]
    [InlineData("sine48k_stereo.aac")]
    public void Rewrapping_ffmpegs_access_units_gives_back_its_file(string name)
    {
        var file = SampleFiles.Read(name);
        var accessUnits = new List<ReadOnlyMemory<byte>>();
        AdtsSplitter.Split(file, accessUnits, out var config);

        var rewrapped = accessUnits.SelectMany(unit => AacFormat.ToAdts(config!, unit.Span)).ToArray();

        Assert.Equal(file, rewrapped);
    }

    [Fact]
    public void Random_access_units_round_trip_through_the_splitter()
    {
        var random = new Random(1378);
        int[] frequencies = [7350, 8000, 16000, 22050, 44100, 48000, 96000];
        for (var i = 0; i < 500; i++)
        {
            var config = new AudioSpecificConfig(random.Next(1, 5), frequencies[random.Next(frequencies.Length)], random.Next(0, 8));
            var accessUnit = new byte[random.Next(1, AdtsHeader.MaxFrameLength - AdtsHeader.Size + 1)];
            random.NextBytes(accessUnit);
            var accessUnits = new List<ReadOnlyMemory<byte>>();

            var frame = AacFormat.ToAdts(config, accessUnit);
            var consumed = AdtsSplitter.Split(frame, accessUnits, out var splitConfig);

            Assert.Equal(frame.Length, consumed);
            Assert.Equal(accessUnit, Assert.Single(accessUnits).ToArray());
            Assert.Equal(config, splitConfig);
        }
    }

    [Fact]
    public void Rejects_what_adts_cannot_carry()
    {
        var config = new AudioSpecificConfig(2, 48000, 2);

        Assert.Throws<ArgumentException>("config", () => AacFormat.ToAdts(new AudioSpecificConfig(2, 44000, 2), [1]));
        Assert.Throws<ArgumentException>("accessUnit", () => AacFormat.ToAdts(config, []));
        Assert.Throws<ArgumentException>("accessUnit", () => AacFormat.ToAdts(config, new byte[AdtsHeader.MaxFrameLength - AdtsHeader.Size + 1]));
        Assert.Equal(AdtsHeader.MaxFrameLength, AacFormat.ToAdts(config, new byte[AdtsHeader.MaxFrameLength - AdtsHeader.Size]).Length);
    }
}
