using System.Collections.Concurrent;
using MediaActors.Pipeline;
using MediaActors.Testing;

namespace MediaActors.BoardFleet;

/// <summary>
/// The boards' cameras: one capture loop at the stream's frame rate that hands every board's
/// session its next access unit through SendVideoData, as a board's streaming thread does (the
/// K230 sample; `mediaactors board` feeds its session the same way). Each board starts at the
/// stream's first access unit, a keyframe with its parameter sets, as a camera that just started.
/// One loop for all rather than a camera pipeline each: on two cores, fifty of them cost more in
/// thread wake-ups than the cluster itself, and a board's camera runs on the board, not on the
/// relays this benchmark is about.
/// </summary>
public sealed class FleetFeed : IAsyncDisposable
{
    /// <summary>What the K230 sample passes as every frame's timestamp.</summary>
    private const ulong SampleTimestamp = 1000;

    private readonly IReadOnlyList<byte[]> _accessUnits;
    private readonly ConcurrentDictionary<FleetBoard, long> _nextFrame = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FleetFeed(IReadOnlyList<byte[]> accessUnits)
    {
        _accessUnits = accessUnits;
        _loop = FramePacer.RunAsync(EncodedTestStream.FramesPerSecond, _ => FeedAll(), _stop.Token);
    }

    /// <summary>Feeds <paramref name="board"/> from the next tick on, until the feed is disposed (before the boards stop).</summary>
    public void Add(FleetBoard board) => _nextFrame[board] = 0;

    private void FeedAll()
    {
        foreach (var (board, frame) in _nextFrame)
        {
            var accessUnit = _accessUnits[(int)(frame % _accessUnits.Count)];
            board.Server.SendVideoData(board.Session, accessUnit, accessUnit.Length, SampleTimestamp);
            _nextFrame[board] = frame + 1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // The normal way the loop ends.
        }
        _stop.Dispose();
    }
}
