using Akka.Actor;
using MediaActors.Flow;
using MediaActors.Protocol.Formats;
using MediaActors.Sessions;

namespace MediaActors;

/// <summary>The K230 API's sessions: creating and destroying them, their URLs, and what a session name may be.</summary>
public sealed partial class RtspServer
{
    /// <summary>
    /// rtspserver_createsession: adds a stream served at <c>/&lt;sessionName&gt;</c>; with
    /// <paramref name="enableAudio"/> it also carries G.711 µ-law audio, the K230's format.
    /// </summary>
    public void CreateSession(string sessionName, VideoType videoType, bool enableAudio) =>
        CreateSession(sessionName, videoType, enableAudio ? AudioType.Pcmu : null);

    /// <summary>Adds a stream with video and, unless <paramref name="audioType"/> is null, audio of that type.</summary>
    public void CreateSession(string sessionName, VideoType videoType, AudioType? audioType) =>
        CreateSession(sessionName, CodecOf(videoType), audioType is { } audio ? CodecOf(audio) : null);

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

        lock (_lifecycle)
        {
            RequireInitialized(nameof(CreateSession));
            if (_sources.ContainsKey(sessionName))
            {
                throw new RtspServerException($"A session named '{sessionName}' already exists (a pulled source's).");
            }

            var gate = new IngestGate(_settings.IngestQueueBytes);
            var created = AskSynchronously<SessionRegistry.SessionCreated>(
                _registry!, new SessionRegistry.CreateSession(sessionName, video, audio, gate));
            _sessions[sessionName] = new SessionEntry(created.Session, gate, HasAudio: audio is not null);
        }
    }

    /// <summary>rtspserver_destroysession: ends the stream; its clients are disconnected (and a pulled source stops pulling).</summary>
    public void DestroySession(string sessionName)
    {
        ArgumentNullException.ThrowIfNull(sessionName);
        lock (_lifecycle)
        {
            RequireInitialized(nameof(DestroySession));
            if (!_sessions.TryRemove(sessionName, out _) && !StopSource(sessionName))
            {
                throw new RtspSessionNotFoundException(sessionName);
            }

            StopPushes(sessionName);

            AskSynchronously<SessionRegistry.SessionDestroyed>(_registry!, new SessionRegistry.DestroySession(sessionName));
        }
    }

    /// <summary>
    /// Beyond the K230 API: feeds the session's video straight from a camera actor
    /// (<see cref="Pipeline.CameraPipeline.Camera"/>) instead of
    /// <see cref="SendVideoData(string, ReadOnlySpan{byte}, ulong)"/>. The session pulls with credit
    /// (<c>source-credit</c>), so a camera never queues more than that for it.
    /// </summary>
    /// <param name="description">What the camera is, for operators (the session's source in the status API); its actor's name when null.</param>
    public void PullVideoFrom(string sessionName, IActorRef camera, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(camera);
        RequireSession(sessionName, nameof(PullVideoFrom)).Actor.Tell(new MediaSession.PullFrom(camera));
        DescribeSource(sessionName, "camera", description ?? camera.Path.Name);
    }

    /// <summary>
    /// Beyond the K230 API: the session's source (see <see cref="DescribeSource"/>) failed and was
    /// restarted, <paramref name="restart"/> saying how often and why; shown to operators.
    /// </summary>
    public void ReportSourceRestart(string sessionName, FrameFlow.Restarted restart)
    {
        ArgumentNullException.ThrowIfNull(restart);
        RequireSession(sessionName, nameof(ReportSourceRestart)).Actor.Tell(restart);
    }

    /// <summary>
    /// Beyond the K230 API: says what feeds a session (<paramref name="kind"/>: camera, file, ffmpeg;
    /// <paramref name="description"/>: which one), for operators; without it a session fed by
    /// <see cref="SendVideoData(string, ReadOnlySpan{byte}, ulong)"/> shows the API as its source.
    /// </summary>
    public void DescribeSource(string sessionName, string kind, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        RequireSession(sessionName, nameof(DescribeSource)).Actor.Tell(new MediaSession.SourceStatus(kind, description, "streaming", null));
    }

    /// <summary>rtspserver_getrtspurl: <c>rtsp://&lt;address&gt;:&lt;port&gt;/&lt;sessionName&gt;</c> (see <see cref="AdvertisedAddress"/>).</summary>
    public string GetRtspUrl(string sessionName)
    {
        if (!_sources.ContainsKey(sessionName ?? throw new ArgumentNullException(nameof(sessionName))))
        {
            RequireSession(sessionName, nameof(GetRtspUrl));
        }

        return BaseUrl + sessionName;
    }

    /// <summary>Beyond the K230 API: <c>rtsp://&lt;address&gt;:&lt;port&gt;/</c>, under which every session is served.</summary>
    public string BaseUrl => NetworkAddresses.RtspBaseUrl(AdvertisedAddress, Port);

    /// <summary>
    /// The host part of the URLs: the configured advertised-address, else the bind address when
    /// it is a specific one, else the first non-loopback IPv4 address that is up (127.0.0.1 if none).
    /// </summary>
    public string AdvertisedAddress => NetworkAddresses.Advertised(_settings);

    /// <summary>The K230 API's video types as the product's codecs: the only place they are mapped.</summary>
    private static Codec CodecOf(VideoType videoType) => videoType switch
    {
        VideoType.H264 => Codec.H264,
        VideoType.H265 => Codec.H265,
        _ => throw new ArgumentOutOfRangeException(nameof(videoType), videoType, "The video type must be VideoType.H264 or VideoType.H265."),
    };

    /// <summary>The K230 API's audio types as the product's codecs.</summary>
    private static Codec CodecOf(AudioType audioType) => audioType switch
    {
        AudioType.Pcmu => Codec.Pcmu,
        AudioType.Pcma => Codec.Pcma,
        AudioType.Aac => Codec.Aac,
        _ => throw new ArgumentOutOfRangeException(nameof(audioType), audioType, "The audio type must be AudioType.Pcmu, Pcma or Aac."),
    };

    private SessionEntry RequireSession(string sessionName, string operation)
    {
        ArgumentNullException.ThrowIfNull(sessionName);
        RequireInitialized(operation);
        return _sessions.TryGetValue(sessionName, out var session) ? session : throw new RtspSessionNotFoundException(sessionName);
    }

    private static void ValidateSessionName(string sessionName)
    {
        ArgumentNullException.ThrowIfNull(sessionName);
        if (SessionNameProblem(sessionName) is { } problem)
        {
            throw new ArgumentException(problem, nameof(sessionName));
        }
    }

    /// <summary>Why <paramref name="sessionName"/> cannot name a session (it becomes the URL path), or null when it can.</summary>
    internal static string? SessionNameProblem(string sessionName)
    {
        if (sessionName.Length is 0 or > MaxSessionNameLength)
        {
            return $"A session name must have 1 to {MaxSessionNameLength} characters.";
        }
        // The name becomes the URL path: unreserved characters only, '/' only between segments.
        foreach (var c in sessionName)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '/'))
            {
                return $"Session name '{sessionName}' contains '{c}'; use letters, digits, '-', '_', '.', '~' and inner '/'.";
            }
        }
        if (sessionName.StartsWith('/') || sessionName.EndsWith('/') || sessionName.Contains("//", StringComparison.Ordinal))
        {
            return $"Session name '{sessionName}' must not start or end with '/' or contain an empty segment.";
        }

        return null;
    }

    private sealed record SessionEntry(IActorRef Actor, IngestGate Gate, bool HasAudio);
}
