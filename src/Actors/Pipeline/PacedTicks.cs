using Akka.Actor;

namespace MediaActors.Pipeline;

/// <summary>
/// Tells an actor a tick at an exact frame rate (<see cref="FramePacer"/>; the actor scheduler ticks
/// in 10 ms steps). At most one tick waits in the mailbox: a busy actor skips ticks, it never
/// queues them, as a camera loses frames rather than deliver them late.
/// </summary>
internal sealed class PacedTicks : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private int _queued;

    /// <summary>Tells <paramref name="target"/> each <see cref="FrameTick"/> it has room for; the indices of the others are missing.</summary>
    public PacedTicks(double framesPerSecond, IActorRef target) =>
        _ = FramePacer.RunAsync(framesPerSecond, tick =>
        {
            if (Interlocked.Exchange(ref _queued, 1) == 0)
            {
                target.Tell(tick);
            }
        }, _stop.Token);

    /// <summary>Call on receiving a tick: the next one may be queued.</summary>
    public void Received() => Volatile.Write(ref _queued, 0);

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
