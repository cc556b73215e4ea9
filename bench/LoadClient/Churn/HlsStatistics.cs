using System.Diagnostics;

namespace MediaActors.LoadClient.Churn;

/// <summary>
/// What one HLS reader has fetched: a "packet" is a media segment, and a segment number it never
/// got (it left the playlist before the reader came for it) is one lost. Only the reader's loop
/// writes; the churn reads <see cref="Snapshot"/> from another thread.
/// </summary>
public sealed class HlsStatistics : IReceiveStatistics
{
    private long _segments;
    private long _bytes;
    private long _lost;
    private long _lastSegmentAt;
    private long _firstSegmentAt;
    private long _startedAt;

    public long StartedAt => Volatile.Read(ref _startedAt);

    public long FirstPacketAt => Volatile.Read(ref _firstSegmentAt);

    /// <summary>Every segment starts at a keyframe (the server cuts one per GOP).</summary>
    public long FirstKeyframeAt => FirstPacketAt;

    public string? Problem => null;

    public void Started() => Volatile.Write(ref _startedAt, Stopwatch.GetTimestamp());

    public void AddSegment(long bytes, long skipped)
    {
        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _bytes, _bytes + bytes);
        Volatile.Write(ref _lost, _lost + skipped);
        Volatile.Write(ref _segments, _segments + 1);
        Volatile.Write(ref _lastSegmentAt, now);
        if (_firstSegmentAt == 0)
        {
            Volatile.Write(ref _firstSegmentAt, now);
        }
    }

    public ReceiveSnapshot Snapshot() => new(
        Volatile.Read(ref _segments), Volatile.Read(ref _bytes), Volatile.Read(ref _lost), Volatile.Read(ref _lastSegmentAt));
}
