using System.Collections.Concurrent;
using System.Net;
using Akka.Actor;
using MediaActors.Configuration;
using MediaActors.Connections;
using MediaActors.Protocol.Formats;
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
public sealed class RtspServer : IDisposable
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
            _listener!.GracefulStop(OperationTimeout).Wait(OperationTimeout);
            _registry!.GracefulStop(OperationTimeout).Wait(OperationTimeout);
            _listener = _registry = null;
            _state = ServerState.Created;
        }
    }

    /// <summary>
    /// rtspserver_createsession: adds a stream served at <c>/&lt;sessionName&gt;</c>; with
    /// <paramref name="enableAudio"/> it also carries G.711 µ-law audio, the K230's format.
    /// </summary>
    public void CreateSession(string sessionName, VideoType videoType, bool enableAudio) =>
        CreateSession(sessionName, videoType, enableAudio ? AudioType.Pcmu : null);

    /// <summary>Adds a stream with video and, unless <paramref name="audioType"/> is null, audio of that type.</summary>
    public void CreateSession(string sessionName, VideoType videoType, AudioType? audioType)
    {
        ValidateSessionName(sessionName);
        if (!Enum.IsDefined(videoType))
        {
            throw new ArgumentOutOfRangeException(nameof(videoType), videoType, "The video type must be VideoType.H264 or VideoType.H265.");
        }

        if (audioType is { } audio && !Enum.IsDefined(audio))
        {
            throw new ArgumentOutOfRangeException(nameof(audioType), audioType, "The audio type must be AudioType.Pcmu, Pcma or Aac.");
        }

        AddSession(sessionName, CodecOf(videoType), audioType is { } type ? CodecOf(type) : null);
    }

    /// <summary>
    /// Beyond the K230 API: adds a stream with <paramref name="video"/> (H.264 or H.265) and,
    /// unless <paramref name="audio"/> is null, audio of that codec (G.711 µ-law or A-law, or AAC).
    /// </summary>
    public void CreateSession(string sessionName, Codec video, Codec? audio)
    {
        ValidateSessionName(sessionName);
        if (!CodecFormat.IsVideo(video))
        {
            throw new ArgumentOutOfRangeException(nameof(video), video, "The video codec must be Codec.H264 or Codec.H265.");
        }

        if (audio is { } audioCodec && !CodecFormat.IsAudio(audioCodec))
        {
            throw new ArgumentOutOfRangeException(nameof(audio), audio, "The audio codec must be Codec.Pcmu, Pcma or Aac.");
        }

        AddSession(sessionName, video, audio);
    }

    /// <summary>rtspserver_destroysession: ends the stream; its clients are disconnected.</summary>
    public void DestroySession(string sessionName)
    {
        ArgumentNullException.ThrowIfNull(sessionName);
        lock (_lifecycle)
        {
            RequireInitialized(nameof(DestroySession));
            if (!_sessions.TryRemove(sessionName, out _))
            {
                throw new RtspSessionNotFoundException(sessionName);
            }

            AskSynchronously<SessionRegistry.SessionDestroyed>(_registry!, new SessionRegistry.DestroySession(sessionName));
        }
    }

    /// <summary>
    /// Beyond the K230 API: feeds the session's video straight from a camera actor
    /// (<see cref="Pipeline.CameraPipeline.Camera"/>) instead of
    /// <see cref="SendVideoData(string, ReadOnlySpan{byte}, ulong)"/>. The session pulls with credit
    /// (<c>source-credit</c>), so a camera never queues more than that for it.
    /// </summary>
    public void PullVideoFrom(string sessionName, IActorRef camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        RequireSession(sessionName, nameof(PullVideoFrom)).Actor.Tell(new MediaSession.PullFrom(camera));
    }

    /// <summary>rtspserver_getrtspurl: <c>rtsp://&lt;address&gt;:&lt;port&gt;/&lt;sessionName&gt;</c> (see <see cref="AdvertisedAddress"/>).</summary>
    public string GetRtspUrl(string sessionName)
    {
        RequireSession(sessionName, nameof(GetRtspUrl));
        return BaseUrl + sessionName;
    }

    /// <summary>Beyond the K230 API: <c>rtsp://&lt;address&gt;:&lt;port&gt;/</c>, under which every session is served.</summary>
    public string BaseUrl => NetworkAddresses.RtspBaseUrl(AdvertisedAddress, Port);

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
            _boundEndpoint = null;
            _state = ServerState.Initialized;
        }
    }

    /// <summary>rtspserver_sendvideodata with the K230 signature: the first <paramref name="size"/> bytes of <paramref name="data"/>.</summary>
    public void SendVideoData(string sessionName, byte[] data, int size, ulong timestamp) =>
        SendVideoData(sessionName, FirstBytes(data, size), timestamp);

    /// <summary>
    /// rtspserver_sendvideodata: hands encoder output (Annex-B: one or more NAL units, a whole
    /// access unit, or only SPS/PPS) to the session. <paramref name="timestamp"/> is used when it
    /// advances plausibly (µs, ms or 90 kHz); otherwise, as with the K230 sample's constant 1000,
    /// the arrival time is. The bytes are copied; when the session is behind by more than the
    /// ingest bound the data is dropped (and counted) instead of blocking the caller.
    /// </summary>
    public void SendVideoData(string sessionName, ReadOnlySpan<byte> data, ulong timestamp)
    {
        var session = RequireSession(sessionName, nameof(SendVideoData));
        if (data.IsEmpty)
        {
            throw new ArgumentException("data is empty; pass at least one NAL unit.", nameof(data));
        }

        if (data.Length > _settings.MaxFrameBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(data), data.Length,
                $"{data.Length} bytes exceed max-frame-bytes ({_settings.MaxFrameBytes}); is size correct?");
        }

        if (!session.Gate.TryEnter(data.Length, out var afterDrop))
        {
            return;
        }
        // The caller reuses its buffer as soon as this returns (the K230 sample releases the stream).
        session.Actor.Tell(new MediaSession.IngestVideo(data.ToArray(), timestamp, MonotonicClock.NowMicros, afterDrop));
    }

    /// <summary>rtspserver_sendaudiodata with the K230 signature: the first <paramref name="size"/> bytes of <paramref name="data"/>.</summary>
    public void SendAudioData(string sessionName, byte[] data, int size, ulong timestamp) =>
        SendAudioData(sessionName, FirstBytes(data, size), timestamp);

    /// <summary>
    /// rtspserver_sendaudiodata: hands encoded audio to the session: G.711 bytes (one per sample,
    /// any number of them) or, for an AAC session, one or more complete ADTS frames. Audio is
    /// stamped by its sample count on the session's capture clock, so it stays in sync with the
    /// video; <paramref name="timestamp"/> is not needed for that. Copies, never blocks, like
    /// <see cref="SendVideoData(string, ReadOnlySpan{byte}, ulong)"/>.
    /// </summary>
    public void SendAudioData(string sessionName, ReadOnlySpan<byte> data, ulong timestamp)
    {
        var session = RequireSession(sessionName, nameof(SendAudioData));
        if (!session.HasAudio)
        {
            throw new InvalidOperationException($"Session '{sessionName}' was created without audio; create it with enableAudio: true or an AudioType.");
        }

        if (data.IsEmpty)
        {
            throw new ArgumentException("data is empty; pass at least one audio sample or frame.", nameof(data));
        }

        if (data.Length > _settings.MaxFrameBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(data), data.Length, $"{data.Length} bytes exceed max-frame-bytes ({_settings.MaxFrameBytes}).");
        }

        if (!session.Gate.TryEnter(data.Length, out _))
        {
            return;
        }

        session.Actor.Tell(new MediaSession.IngestAudio(data.ToArray(), timestamp, MonotonicClock.NowMicros));
    }

    /// <summary>Same as <see cref="Destroy"/>, ignoring its result.</summary>
    public void Dispose() => Destroy();

    /// <summary>
    /// The host part of the URLs: the configured advertised-address, else the bind address when
    /// it is a specific one, else the first non-loopback IPv4 address that is up (127.0.0.1 if none).
    /// </summary>
    public string AdvertisedAddress => NetworkAddresses.Advertised(_settings);

    /// <summary>The K230 API's video types as the product's codecs: the only place they are mapped.</summary>
    private static Codec CodecOf(VideoType videoType) => videoType == VideoType.H265 ? Codec.H265 : Codec.H264;

    /// <summary>The K230 API's audio types as the product's codecs.</summary>
    private static Codec CodecOf(AudioType audioType) => audioType switch
    {
        AudioType.Pcma => Codec.Pcma,
        AudioType.Aac => Codec.Aac,
        _ => Codec.Pcmu,
    };

    private void AddSession(string sessionName, Codec video, Codec? audio)
    {
        lock (_lifecycle)
        {
            RequireInitialized(nameof(CreateSession));
            var gate = new IngestGate(_settings.IngestQueueBytes);
            var created = AskSynchronously<SessionRegistry.SessionCreated>(
                _registry!, new SessionRegistry.CreateSession(sessionName, video, audio, gate));
            _sessions[sessionName] = new SessionEntry(created.Session, gate, HasAudio: audio is not null);
        }
    }

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

    /// <summary>The K230 signature's (data, size) pair as a span, with size checked against the array.</summary>
    private static ReadOnlySpan<byte> FirstBytes(byte[] data, int size)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (size < 0 || size > data.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"size must be between 0 and the length of data ({data.Length}).");
        }

        return data.AsSpan(0, size);
    }

    private SessionEntry RequireSession(string sessionName, string operation)
    {
        ArgumentNullException.ThrowIfNull(sessionName);
        RequireInitialized(operation);
        return _sessions.TryGetValue(sessionName, out var session) ? session : throw new RtspSessionNotFoundException(sessionName);
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

    private static void ValidateSessionName(string sessionName)
    {
        ArgumentNullException.ThrowIfNull(sessionName);
        if (sessionName.Length is 0 or > MaxSessionNameLength)
        {
            throw new ArgumentException($"A session name must have 1 to {MaxSessionNameLength} characters.", nameof(sessionName));
        }
        // The name becomes the URL path: unreserved characters only, '/' only between segments.
        foreach (var c in sessionName)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '/'))
            {
                throw new ArgumentException(
                    $"Session name '{sessionName}' contains '{c}'; use letters, digits, '-', '_', '.', '~' and inner '/'.", nameof(sessionName));
            }
        }
        if (sessionName.StartsWith('/') || sessionName.EndsWith('/') || sessionName.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Session name '{sessionName}' must not start or end with '/' or contain an empty segment.", nameof(sessionName));
        }
    }

    private enum ServerState
    {
        Created,
        Initialized,
        Started,
        Destroyed,
    }

    private sealed record SessionEntry(IActorRef Actor, IngestGate Gate, bool HasAudio);
}
