namespace MediaActors.LoadClient;

/// <summary>
/// What one client has received, counted by its receive loop and read by the run from another
/// thread. A packet is what the transport delivers a piece of the stream in: an RTP packet, or
/// over a WebSocket an fMP4 fragment (one message, one frame). Times are
/// <see cref="System.Diagnostics.Stopwatch"/> timestamps, 0 until they happen.
/// </summary>
public interface IReceiveStatistics
{
    /// <summary>When the client asked for the stream (RTSP PLAY sent, the WebSocket's connect begun): first-packet and first-keyframe times count from here.</summary>
    long StartedAt { get; }

    /// <summary>The first packet, or over a WebSocket the first message of any kind.</summary>
    long FirstPacketAt { get; }

    long FirstKeyframeAt { get; }

    /// <summary>What arrived that the client could not make sense of, for the run's errors; null when all was well.</summary>
    string? Problem { get; }

    ReceiveSnapshot Snapshot();
}

/// <summary>The counters of one client at one moment (what arrived in a window is the difference of two).</summary>
/// <param name="Lost">Packets missing from the stream: RTP sequence numbers, or fMP4 fragment sequence numbers.</param>
public readonly record struct ReceiveSnapshot(long Packets, long Bytes, long Lost, long LastPacketAt);
