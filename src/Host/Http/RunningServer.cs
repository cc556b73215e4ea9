using MediaActors.Web;

namespace MediaActors.Host.Http;

/// <summary>
/// The sessions of this process once its worker has started them (a serve or board's RTSP server,
/// a relay's actor): the HTTP server starts with the host, before the worker, and its requests wait
/// here (briefly) for the sessions they serve.
/// </summary>
public sealed class RunningServer
{
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(10);
    private readonly TaskCompletionSource<WebSessions> _server = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Started(WebSessions sessions) => _server.TrySetResult(sessions);

    /// <summary>The sessions, or null when they did not start within a few seconds (the request then gets 503).</summary>
    public async Task<WebSessions?> GetAsync(CancellationToken cancellation)
    {
        try
        {
            return await _server.Task.WaitAsync(StartWait, cancellation);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
