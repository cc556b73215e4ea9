using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Timing;
using MediaActors.Sessions;

namespace MediaActors.Tests.Sessions;

/// <summary>The RTP ↔ now mapping of a session's sender reports (what players re-time their output and sync tracks by).</summary>
public sealed class SenderReportMappingTests
{
    private const int ChunkSamples = 160;
    private const long ChunkMicros = 20_000;

    /// <summary>
    /// A G.711 track whose last chunk arrived 150 ms late: the report still maps now to the RTP time
    /// of the presentation clock, not to the last arrival (which made each report's mapping carry
    /// that chunk's jitter, and players step their timestamps with it).
    /// </summary>
    [Fact]
    public void A_late_last_arrival_does_not_move_the_reported_rtp_time()
    {
        var track = new AudioTrack(Codec.Pcmu, 1400);
        var start = MonotonicClock.NowMicros - 2_000_000;
        var output = new List<RtpPacketBatch>();
        for (var chunk = 0; chunk < 50; chunk++)
        {
            var lateness = chunk == 49 ? 150_000 : 0;
            track.Push(new MediaSession.IngestAudio(new byte[ChunkSamples], 0, start + chunk * ChunkMicros + lateness), output);
        }

        var before = MonotonicClock.NowMicros;
        var report = track.CurrentSenderReport();
        var after = MonotonicClock.NowMicros;

        // RTP ticks from the first chunk, in µs: where "now" is on the presentation clock.
        var reportedMicros = unchecked(report.RtpTimestamp - output[0].Timestamp) * 1_000_000L / G711Format.ClockRate;
        var offset = track.ReportClock.OffsetMicros;
        Assert.InRange(offset, -5_000, 0);
        Assert.InRange(reportedMicros, before - start + offset - 1_000, after - start + offset + 1_000);
    }

    /// <summary>Both tracks of a session report now as the same instant of their shared presentation clock: lip sync.</summary>
    [Fact]
    public void Tracks_sharing_a_report_clock_map_now_to_the_same_presentation_time()
    {
        var clock = new SenderReportClock();
        var first = new AudioTrack(Codec.Pcmu, 1400, clock);
        var second = new AudioTrack(Codec.Pcma, 1400, clock);
        var start = MonotonicClock.NowMicros - 1_000_000;
        var firstOutput = new List<RtpPacketBatch>();
        var secondOutput = new List<RtpPacketBatch>();
        var random = new Random(3);
        for (var chunk = 0; chunk < 40; chunk++)
        {
            // Same presentation timeline (given), arrivals jittered differently per track.
            var presentation = start + chunk * ChunkMicros;
            first.Push(new MediaSession.IngestAudio(new byte[ChunkSamples], 0, presentation + random.Next(0, 80_000), presentation), firstOutput);
            second.Push(new MediaSession.IngestAudio(new byte[ChunkSamples], 0, presentation + random.Next(0, 80_000), presentation), secondOutput);
        }

        var firstReport = first.CurrentSenderReport();
        var secondReport = second.CurrentSenderReport();

        var firstMicros = unchecked(firstReport.RtpTimestamp - firstOutput[0].Timestamp) * 1_000_000L / G711Format.ClockRate;
        var secondMicros = unchecked(secondReport.RtpTimestamp - secondOutput[0].Timestamp) * 1_000_000L / G711Format.ClockRate;
        var firstNtp = firstReport.NtpTimestamp.ToDateTime();
        var secondNtp = secondReport.NtpTimestamp.ToDateTime();
        // The same instant of the presentation clock at the same wall-clock time, within the time between the two calls.
        var wallDelta = (long)(secondNtp - firstNtp).TotalMicroseconds;
        Assert.InRange(secondMicros - firstMicros - wallDelta, -1_000, 1_000);
    }
}
