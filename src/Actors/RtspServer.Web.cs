using Akka.Actor;
using MediaActors.Configuration;
using MediaActors.Web;

namespace MediaActors;

/// <summary>What the host's HTTP server needs of the server: its sessions and their web outputs.</summary>
public sealed partial class RtspServer
{
    private WebSessions? _web;

    /// <summary>The sessions as the HTTP server sees them, with their web outputs (started on first use, stopped by Deinit).</summary>
    public WebSessions Web
    {
        get
        {
            lock (_lifecycle)
            {
                RequireInitialized(nameof(Web));
                return _web ??= WebSessions.Start(System, _registry!, WebSettings.FromConfig(MediaActorsConfig.WithDefaults(System.Settings.Config)),
                    _recordings, $"web-streams-{Interlocked.Increment(ref _instanceCount)}", _listener);
            }
        }
    }

    /// <summary>Stops the web outputs (their viewers are ended), before the sessions go.</summary>
    private void StopWebStreams()
    {
        _web?.WebStreams.GracefulStop(OperationTimeout).Wait(OperationTimeout);
        _web = null;
    }
}
