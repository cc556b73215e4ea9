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

    /// <summary>What the control API may change of the sessions; null on a relay, and until started.</summary>
    public SessionControl? Control { get; private set; }

    private Func<int> _rtspPort = () => 0;

    /// <summary>The port RTSP clients connect to (for the URLs the control API shows); 0 until started.</summary>
    public int RtspPort => _rtspPort();

    /// <summary>The relay's actor on a relay (what it serves of its boards); null elsewhere.</summary>
    public Akka.Actor.IActorRef? Relay { get; private set; }

    /// <param name="rtspPort">The RTSP port, once bound (read when a URL is shown: a port of 0 is chosen when the listener binds).</param>
    /// <param name="relay">The relay's actor, on a relay.</param>
    public void Started(WebSessions sessions, Func<int> rtspPort, SessionControl? control = null, Akka.Actor.IActorRef? relay = null)
    {
        Control = control;
        Relay = relay;
        _rtspPort = rtspPort;
        _server.TrySetResult(sessions);
    }

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
