using System.Collections.Concurrent;
using System.Net;
using Akka.Actor;
using MediaActors.Configuration;
using MediaActors.Connections;
using MediaActors.Sessions;

namespace MediaActors;

/// <summary>
/// The K230 CanMV <c>multimedia</c> RTSP server API, one method per native call
/// (rtspserver_create, _destroy, _init, _deinit, _createsession, _destroysession, _getrtspurl,
/// _start, _stop, _sendvideodata, _sendaudiodata), over the actor system.
/// <para>Lifecycle: (Create) → Init(port) → CreateSession… → Start → Send…Data → Stop → Deinit → Destroy.
/// Lifecycle calls are serialised; <see cref="SendVideoData(string, ReadOnlySpan{byte}, ulong)"/> is
/// lock-free, copies its input, never blocks on the network and may run on a capture thread
/// concurrently with any other call. Misuse throws an exception whose message names the problem;
/// only Create and Destroy report failure as a non-zero return value, as the K230 manual specifies.</para>
/// </summary>
public sealed partial class RtspServer : IDisposable
{
    private const int Success = 0;
    private const int Failure = -1;
    private const int MaxSessionNameLength = 200;
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(10);
    private static int _instanceCount;

    private readonly object _lifecycle = new();
    private readonly ConcurrentDictionary<string, SessionEntry> _sessions = new(StringComparer.Ordinal);
    private readonly RtspServerSettings _settings;
    private readonly ActorSystem? _hostSystem;
    private ActorSystem? _ownSystem;
    private IActorRef? _registry;
    private IActorRef? _listener;
    private volatile ServerState _state = ServerState.Created;
    private int _configuredPort;
    private IPEndPoint? _boundEndpoint;
    private IPEndPoint? _tlsEndpoint;

    /// <summary>A server with the shipped defaults and an actor system of its own (created on first use).</summary>
    public RtspServer() : this(RtspServerSettings.Default) { }

    /// <summary>A server with the given settings and an actor system of its own (created on first use).</summary>
    /// <exception cref="Akka.Configuration.ConfigurationException">A setting is out of range; the message names its HOCON key.</exception>
    public RtspServer(RtspServerSettings settings) =>
        _settings = RtspServerSettings.Validated(settings ?? throw new ArgumentNullException(nameof(settings)));

    /// <summary>A server whose actors live in <paramref name="system"/> (for example one started by
    /// Akka.Hosting or a cluster node); Destroy leaves that system running.</summary>
    public RtspServer(ActorSystem system, RtspServerSettings? settings = null)
    {
        _hostSystem = system ?? throw new ArgumentNullException(nameof(system));
        _settings = settings is null ? RtspServerSettings.FromConfig(system.Settings.Config) : RtspServerSettings.Validated(settings);
    }

    /// <summary>The TCP port clients connect to: the bound one while started (useful with <c>Init(0)</c>), else the one given to Init.</summary>
    public int Port => _boundEndpoint?.Port ?? _configuredPort;

    /// <summary>Beyond the K230 API: the rtsps:// port while started with RTSP over TLS configured (mediaactors.rtsp.tls.port), else null.</summary>
    public int? TlsPort => _tlsEndpoint?.Port;

    /// <summary>rtspserver_create: prepares the server. Returns 0, or non-zero when the server was destroyed or cannot start its actor system.</summary>
    public int Create()
    {
        lock (_lifecycle)
        {
            if (_state == ServerState.Destroyed)
            {
                return Failure;
            }

            try
            {
                _ = System;
                return Success;
            }
            catch (Exception)
            {
                return Failure;
            }
        }
    }

    /// <summary>rtspserver_destroy: stops everything and releases the server for good. Returns 0, or non-zero when it was already destroyed or could not shut down cleanly.</summary>
    public int Destroy()
    {
        lock (_lifecycle)
        {
            if (_state == ServerState.Destroyed)
            {
                return Failure;
            }

            try
            {
                if (_state != ServerState.Created)
                {
                    Deinit();
                }

                return Success;
            }
            catch (Exception)
            {
                return Failure;
            }
            finally
            {
                _state = ServerState.Destroyed;
                _ownSystem?.Terminate().Wait(OperationTimeout);
            }
        }
    }

    /// <summary>rtspserver_init: sets the RTSP port (0 lets the system choose; see <see cref="Port"/>) and starts the session registry.</summary>
    public void Init(int port)
    {
        if (port is < 0 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, $"The RTSP port must be between 0 and {IPEndPoint.MaxPort}.");
        }

        lock (_lifecycle)
        {
            ThrowIfDestroyed();
            if (_state != ServerState.Created)
            {
                throw new InvalidOperationException("The server is already initialized; call Deinit() before Init() again.");
            }

            var instance = Interlocked.Increment(ref _instanceCount);
            _registry = System.ActorOf(SessionRegistryActor.Props(_settings), $"rtsp-sessions-{instance}");
            _listener = System.ActorOf(RtspListenerActor.Props(_registry, _settings), $"rtsp-listener-{instance}");
            StartRecording(instance);
            _configuredPort = port;
            _state = ServerState.Initialized;
        }
    }

    /// <summary>rtspserver_deinit: stops serving if started, destroys every session and the registry.</summary>
    public void Deinit()
    {
        lock (_lifecycle)
        {
            RequireInitialized(nameof(Deinit));
            if (_state == ServerState.Started)
            {
                Stop();
            }

            _sessions.Clear();
            StopWebStreams();
            StopRecording();
            StopAllPushes();
            StopSources();
            _listener!.GracefulStop(OperationTimeout).Wait(OperationTimeout);
            _registry!.GracefulStop(OperationTimeout).Wait(OperationTimeout);
            _listener = _registry = null;
            _state = ServerState.Created;
        }
    }

    /// <summary>rtspserver_start: starts accepting RTSP clients. Throws <see cref="RtspServerException"/> when the port cannot be bound.</summary>
    public void Start()
    {
        lock (_lifecycle)
        {
            RequireInitialized(nameof(Start));
            if (_state == ServerState.Started)
            {
                throw new InvalidOperationException("The server is already started.");
            }

            var bound = AskSynchronously<RtspListener.Bound>(_listener!, new RtspListener.Bind(_settings.BindAddress, _configuredPort));
            _boundEndpoint = bound.Endpoint;
            _tlsEndpoint = bound.TlsEndpoint;
            _state = ServerState.Started;
        }
    }

    /// <summary>rtspserver_stop: stops accepting clients and disconnects the connected ones; sessions remain.</summary>
    public void Stop()
    {
        lock (_lifecycle)
        {
            ThrowIfDestroyed();
            if (_state != ServerState.Started)
            {
                throw new InvalidOperationException("The server is not started; Stop() follows Start().");
            }

            AskSynchronously<RtspListener.Unbound>(_listener!, RtspListener.Unbind.Instance);
            _boundEndpoint = _tlsEndpoint = null;
            _state = ServerState.Initialized;
        }
    }

    /// <summary>Same as <see cref="Destroy"/>, ignoring its result.</summary>
    public void Dispose() => Destroy();

    private ActorSystem System => _hostSystem ?? (_ownSystem ??= ActorSystem.Create("mediaactors", MediaActorsConfig.Default));

    private static T AskSynchronously<T>(IActorRef actor, object message)
    {
        try
        {
            return actor.Ask<T>(message, OperationTimeout).GetAwaiter().GetResult();
        }
        catch (AskTimeoutException error)
        {
            throw new RtspServerException($"The server did not answer {message.GetType().Name} within {OperationTimeout.TotalSeconds:0} s.", error);
        }
    }

    private void RequireInitialized(string operation)
    {
        ThrowIfDestroyed();
        if (_state == ServerState.Created)
        {
            throw new InvalidOperationException($"Call Init(port) before {operation}().");
        }
    }

    private void ThrowIfDestroyed()
    {
        if (_state == ServerState.Destroyed)
        {
            throw new ObjectDisposedException(nameof(RtspServer), "The server was destroyed; create a new RtspServer.");
        }
    }

    private enum ServerState
    {
        Created,
        Initialized,
        Started,
        Destroyed,
    }

}
