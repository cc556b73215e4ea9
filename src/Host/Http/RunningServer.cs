using Akka.Actor;
using MediaActors.Sources;
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

    /// <summary>False on a node told to serve no RTSP of its own (a board with <c>--rtsp-port 0</c>).</summary>
    public bool ServesRtsp { get; init; } = true;

    /// <summary>A relay's cameras of its own (their source actors), set before <see cref="Started"/>; a serve or board reaches its cameras through <see cref="Control"/>.</summary>
    public IReadOnlyList<IActorRef> RelaySources { get; set; } = [];

    /// <summary>The sessions once started, without waiting for them (null until then).</summary>
    public WebSessions? Current => _server.Task.IsCompletedSuccessfully ? _server.Task.Result : null;

    /// <summary>
    /// The node's pulled cameras with their states, those not reached yet included (they have no
    /// session); a source that does not answer in time is left out.
    /// </summary>
    public async Task<IReadOnlyList<RtspSource.Stats>> GetPullSourcesAsync(CancellationToken cancellation)
    {
        if (Control is { } control)
        {
            // The facade's calls block (each a bounded ask); keep them off the request's thread.
            return await Task.Run(control.PullSources, cancellation);
        }

        var answers = await Task.WhenAll(RelaySources.Select(async source =>
        {
            try
            {
                return await source.Ask<RtspSource.Stats>(RtspSource.GetStats.Instance, Operations.SessionOperations.AskTimeout, cancellation);
            }
            catch (AskTimeoutException)
            {
                return null;
            }
        }));
        return answers.OfType<RtspSource.Stats>().ToList();
    }
}
