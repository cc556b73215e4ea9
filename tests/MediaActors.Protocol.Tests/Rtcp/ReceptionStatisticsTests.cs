using MediaActors.Protocol.Rtcp;

namespace MediaActors.Protocol.Tests.Rtcp;

public sealed class ReceptionStatisticsTests
{
    private const int ClockRate = 8000;

    [Fact]
    public void Packets_on_time_have_no_jitter_and_a_gap_counts_as_lost()
    {
        var statistics = new ReceptionStatistics(ClockRate);
        for (ushort sequence = 0; sequence < 50; sequence++)
        {
            if (sequence != 20)
            {
                // 20 ms of sound each, arriving exactly 20 ms apart.
                statistics.PacketReceived(sequence, (uint)(sequence * 160), sequence * 20_000L);
            }
        }

        var block = statistics.NextReportBlock(0x1234, 1_000_000);

        Assert.Equal((0u, 1, 49u), (block.Jitter, block.CumulativeLost, block.ExtendedHighestSequenceNumber));
        Assert.Equal(256 / 50, block.FractionLost);
    }

    [Fact]
    public void Arrival_times_off_by_a_constant_step_give_the_rfc_3550_jitter()
    {
        var statistics = new ReceptionStatistics(ClockRate);
        // Every other packet 10 ms late: |D| is 80 RTP units each time after the first, and
        // J += (|D| - J) / 16 approaches 80.
        for (ushort sequence = 0; sequence < 200; sequence++)
        {
            statistics.PacketReceived(sequence, (uint)(sequence * 160), sequence * 20_000L + (sequence % 2) * 10_000L);
        }

        Assert.InRange(statistics.NextReportBlock(0x1234, 5_000_000).Jitter, 79u, 80u);
    }

    [Theory]
    [InlineData(0x8000_0000u)]
    [InlineData(0x7FFF_FFFFu)]
    [InlineData(0xFFFF_FFFFu)]
    public void A_timestamp_jump_of_any_size_is_counted_not_thrown(uint jump)
    {
        var statistics = new ReceptionStatistics(ClockRate);
        statistics.PacketReceived(1, 1000, 0);

        // A peer's packet, arriving with the last one, whose timestamp is 2^31 away from it made
        // the transit change int.MinValue, and Math.Abs of it threw (found by fuzzing the G.711
        // depacketizer).
        statistics.PacketReceived(2, unchecked(1000 + jump), 0);

        var block = statistics.NextReportBlock(0x1234, 1_000_000);
        Assert.Equal(2u, block.ExtendedHighestSequenceNumber);
        Assert.True(block.Jitter <= 0x8000_0000u / 16 + 1, $"jitter {block.Jitter}");
    }
}
