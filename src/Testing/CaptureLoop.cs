using MediaActors.Pipeline;

namespace MediaActors.Testing;

/// <summary>
/// A board's capture thread: calls <c>send</c> with a running chunk number at a fixed rate until
/// disposed. A destroyed session ends the loop, as it ends a board's streaming thread.
/// </summary>
public sealed class CaptureLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public CaptureLoop(double chunksPerSecond, Action<long> send)
    {
        long chunk = 0;
        _loop = FramePacer.RunAsync(chunksPerSecond, _ =>
        {
            try
            {
                send(chunk++);
            }
            catch (RtspSessionNotFoundException)
            {
                _stop.Cancel();
            }
        }, _stop.Token);
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
    }
}
