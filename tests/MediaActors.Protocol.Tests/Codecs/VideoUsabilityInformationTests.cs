using MediaActors.Protocol.Codecs;

namespace MediaActors.Protocol.Tests.Codecs;

public sealed class VideoUsabilityInformationTests
{
    [Theory]
    [InlineData(1u, 50u, 2, 25.0)] // H.264 as x264 writes 25 fps: ticks count fields
    [InlineData(1u, 25u, 1, 25.0)] // H.265 as x265 writes 25 fps
    [InlineData(1001u, 60000u, 2, 30000.0 / 1001)]
    public void Frame_rate_is_the_time_scale_over_the_ticks_of_one_frame(uint numUnitsInTick, uint timeScale, int ticksPerFrame, double expected)
    {
        Assert.Equal(expected, Read(Timing(numUnitsInTick, timeScale), ticksPerFrame)!.Value, precision: 9);
    }

    [Theory]
    [InlineData(0u, 50u)] // zero ticks: a division by zero
    [InlineData(1u, 0u)] // zero time scale
    [InlineData(1u, 180000u)] // a 90 kHz clock, not a frame rate
    public void Absurd_timing_info_means_no_frame_rate(uint numUnitsInTick, uint timeScale)
    {
        Assert.Null(Read(Timing(numUnitsInTick, timeScale), ticksPerFrame: 2));
    }

    [Fact]
    public void No_timing_info_means_no_frame_rate()
    {
        Assert.Null(Read(new BitWriter().Bit(false), ticksPerFrame: 1));
    }

    [Fact]
    public void Truncated_timing_info_throws_for_the_caller_to_handle()
    {
        var truncated = new BitWriter().Bit(true).Bits(1, 32).Bits(0, 7).ToRbsp();

        Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new BitReader(truncated.AsSpan(0, 4));
            VideoUsabilityInformation.ReadFramesPerSecond(ref reader, ticksPerFrame: 1);
        });
    }

    [Fact]
    public void Skips_every_field_in_front_of_the_timing_info()
    {
        var bits = new BitWriter()
            .Bit(true).Bits(255, 8).Bits(16, 16).Bits(11, 16) // Extended_SAR
            .Bit(true).Bit(false) // overscan info
            .Bit(true).Bits(5, 3).Bit(false).Bit(true).Bits(1, 8).Bits(1, 8).Bits(1, 8) // video signal type with colour description
            .Bit(true).Ue(0).Ue(5) // chroma sample locations
            .Bit(true).Bits(1, 32).Bits(60, 32);

        var rbsp = bits.ToRbsp();
        var reader = new BitReader(rbsp);
        VideoUsabilityInformation.SkipThroughChromaLocation(ref reader);

        Assert.Equal(30.0, VideoUsabilityInformation.ReadFramesPerSecond(ref reader, ticksPerFrame: 2));
    }

    private static BitWriter Timing(uint numUnitsInTick, uint timeScale) =>
        new BitWriter().Bit(true).Bits(numUnitsInTick, 32).Bits(timeScale, 32);

    private static double? Read(BitWriter bits, int ticksPerFrame)
    {
        var rbsp = bits.ToRbsp();
        var reader = new BitReader(rbsp);
        return VideoUsabilityInformation.ReadFramesPerSecond(ref reader, ticksPerFrame);
    }
}
