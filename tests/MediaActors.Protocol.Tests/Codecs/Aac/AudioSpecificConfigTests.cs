using MediaActors.Protocol.Codecs.Aac;

namespace MediaActors.Protocol.Tests.Codecs.Aac;

public sealed class AudioSpecificConfigTests
{
    [Theory]
    [InlineData(44100, 2, "1210")]
    [InlineData(48000, 2, "1190")]
    [InlineData(16000, 1, "1408")]
    [InlineData(8000, 1, "1588")] // what FFmpeg writes for its 8 kHz mono AAC-LC
    [InlineData(50000, 2, "178061A810")] // not in the table: index 15 and an explicit 24-bit frequency
    public void Writes_aac_lc_configs(int frequency, int channels, string hex)
    {
        var config = new AudioSpecificConfig(AudioSpecificConfig.AacLowComplexity, frequency, channels);

        Assert.Equal(hex, config.ToHexString());
        Assert.Equal(Convert.FromHexString(hex), config.ToBytes());
        Assert.True(AudioSpecificConfig.TryParse(Convert.FromHexString(hex), out var parsed));
        Assert.Equal(config, parsed);
    }

    [Fact]
    public void Knows_the_table_index_and_the_channel_count()
    {
        Assert.Equal(3, new AudioSpecificConfig(2, 48000, 2).SamplingFrequencyIndex);
        Assert.Equal(15, new AudioSpecificConfig(2, 50000, 2).SamplingFrequencyIndex);
        Assert.Equal(8, new AudioSpecificConfig(2, 48000, 7).ChannelCount); // 7.1
        Assert.Equal(6, new AudioSpecificConfig(2, 48000, 6).ChannelCount);
    }

    [Fact]
    public void Every_object_type_frequency_and_channel_configuration_round_trips()
    {
        int[] frequencies = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350, 1, 0xFFFFFF];
        for (var objectType = 1; objectType <= 4; objectType++)
        {
            foreach (var frequency in frequencies)
            {
                for (var channels = 0; channels <= 7; channels++)
                {
                    var config = new AudioSpecificConfig(objectType, frequency, channels);
                    Assert.True(AudioSpecificConfig.TryParse(config.ToBytes(), out var parsed));
                    Assert.Equal(config, parsed);
                }
            }
        }
    }

    [Fact]
    public void Ignores_trailing_extensions()
    {
        // AAC-LC 22.05 kHz stereo followed by the backward-compatible SBR sync extension 0x2B7.
        Assert.True(AudioSpecificConfig.TryParse(Convert.FromHexString("139056E5A0"), out var config));

        Assert.Equal(new AudioSpecificConfig(2, 22050, 2), config);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")] // truncated
    [InlineData("2B90")] // object type 5 (SBR): not plain AAC
    [InlineData("F810")] // object type 31: escape
    [InlineData("0390")] // object type 0
    [InlineData("1690")] // frequency index 13: reserved
    [InlineData("1780")] // explicit frequency cut off
    [InlineData("1240")] // channel configuration 8
    [InlineData("1214")] // 960-sample frames
    [InlineData("1212")] // depends on a core coder
    public void Rejects_what_it_cannot_describe(string hex)
    {
        Assert.False(AudioSpecificConfig.TryParse(Convert.FromHexString(hex), out var config));
        Assert.Null(config);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(14496);
        for (var i = 0; i < 20000; i++)
        {
            var bytes = new byte[random.Next(0, 7)];
            random.NextBytes(bytes);
            if (AudioSpecificConfig.TryParse(bytes, out var config))
            {
                Assert.InRange(config!.ObjectType, 1, 4);
            }
        }
    }

    [Fact]
    public void Rejects_values_out_of_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioSpecificConfig(0, 48000, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioSpecificConfig(5, 48000, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioSpecificConfig(2, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioSpecificConfig(2, 0x1000000, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioSpecificConfig(2, 48000, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioSpecificConfig(2, 48000, -1));
    }
}
