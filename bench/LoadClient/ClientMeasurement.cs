using System.Diagnostics;
using MediaActors.LoadClient.Rtp;

namespace MediaActors.LoadClient;

/// <summary>What one client received in the measured window, and how soon it started.</summary>
/// <param name="Served">It received a keyframe and was still receiving when the window ended.</param>
/// <param name="FirstPacketMs">From sending PLAY to its first RTP packet; null when none came.</param>
/// <param name="FirstKeyframeMs">From sending PLAY to the first packet of a keyframe; null when none came.</param>
public sealed record ClientMeasurement(bool Playing, bool Served, long Packets, long Bytes, long Lost, double? FirstPacketMs, double? FirstKeyframeMs)
{
    /// <summary>A client whose last packet is older than this at the end of the window has stopped receiving (a stream at 30 fps sends every 33 ms).</summary>
    public static readonly TimeSpan StillReceiving = TimeSpan.FromSeconds(1);

    public static ClientMeasurement Of(LoadSession session, RtpSnapshot start, RtpSnapshot end, long windowEnd)
    {
        var statistics = session.Statistics;
        var keyframeAt = statistics.FirstKeyframeAt;
        var stillReceiving = end.LastPacketAt != 0 && Stopwatch.GetElapsedTime(end.LastPacketAt, windowEnd) <= StillReceiving;
        return new ClientMeasurement(
            session.IsPlaying,
            session.IsPlaying && keyframeAt != 0 && stillReceiving,
            end.Packets - start.Packets,
            end.Bytes - start.Bytes,
            end.Lost - start.Lost,
            MillisecondsAfterPlay(statistics, statistics.FirstPacketAt),
            MillisecondsAfterPlay(statistics, keyframeAt));
    }

    private static double? MillisecondsAfterPlay(RtpStatistics statistics, long timestamp) =>
        timestamp == 0 || statistics.PlaySentAt == 0 ? null : Stopwatch.GetElapsedTime(statistics.PlaySentAt, timestamp).TotalMilliseconds;
}
