using System.Diagnostics;

namespace MediaActors.LoadClient;

/// <summary>What one client received in the measured window, and how soon it started.</summary>
/// <param name="Served">It received a keyframe and was still receiving when the window ended.</param>
/// <param name="FirstPacketMs">From asking for the stream (PLAY, the WebSocket's connect) to its first packet or message; null when none came.</param>
/// <param name="FirstKeyframeMs">From asking for the stream to the first packet of a keyframe (over a WebSocket, its fragment); null when none came.</param>
public sealed record ClientMeasurement(bool Playing, bool Served, long Packets, long Bytes, long Lost, double? FirstPacketMs, double? FirstKeyframeMs)
{
    /// <summary>A client whose last packet is older than this at the end of the window has stopped receiving (a stream at 30 fps sends every 33 ms).</summary>
    public static readonly TimeSpan StillReceiving = TimeSpan.FromSeconds(1);

    public static ClientMeasurement Of(IStreamClient client, ReceiveSnapshot start, ReceiveSnapshot end, long windowEnd)
    {
        var statistics = client.Statistics;
        var keyframeAt = statistics.FirstKeyframeAt;
        var stillReceiving = end.LastPacketAt != 0 && Stopwatch.GetElapsedTime(end.LastPacketAt, windowEnd) <= StillReceiving;
        return new ClientMeasurement(
            client.IsPlaying,
            client.IsPlaying && keyframeAt != 0 && stillReceiving,
            end.Packets - start.Packets,
            end.Bytes - start.Bytes,
            end.Lost - start.Lost,
            MillisecondsAfterStart(statistics, statistics.FirstPacketAt),
            MillisecondsAfterStart(statistics, keyframeAt));
    }

    private static double? MillisecondsAfterStart(IReceiveStatistics statistics, long timestamp) =>
        timestamp == 0 || statistics.StartedAt == 0 ? null : Stopwatch.GetElapsedTime(statistics.StartedAt, timestamp).TotalMilliseconds;
}
