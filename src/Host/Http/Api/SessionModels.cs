using MediaActors.Operations;
using MediaActors.Sessions;
using MediaActors.Sources;

namespace MediaActors.Host.Http.Api;

/// <summary>A session as the control API shows it (<c>GET /api/v1/sessions</c> lists these).</summary>
/// <param name="Name">The session's name: its RTSP path and web path.</param>
/// <param name="Aliases">Other paths it is served at (on a relay: board/session).</param>
/// <param name="Video">What the video carries, as measured; null for a pulled camera not yet reached.</param>
/// <param name="Audio">The audio codec, if the session has sound.</param>
/// <param name="Source">What feeds it, and its state.</param>
/// <param name="Readers">Its readers, in all and by kind.</param>
/// <param name="Urls">Where to play it.</param>
public sealed record SessionSummary(
    string Name,
    IReadOnlyList<string> Aliases,
    VideoSummary? Video,
    string? Audio,
    SourceSummary Source,
    ReaderCounts Readers,
    SessionUrls Urls);

/// <param name="Codec">H264 or H265.</param>
/// <param name="Width">Picture width its SPS states; null until known.</param>
/// <param name="Height">Picture height its SPS states; null until known.</param>
/// <param name="FramesPerSecond">Pictures that arrived per second over the last 5 s.</param>
/// <param name="BitsPerSecond">Bits of both tracks that arrived per second over the last 5 s.</param>
public sealed record VideoSummary(string Codec, int? Width, int? Height, double FramesPerSecond, long BitsPerSecond);

/// <param name="Kind">api (SendVideoData), camera, file, ffmpeg, v4l2, pull (an RTSP camera), publisher, or board (a relay's).</param>
/// <param name="Description">Which one: a URL without credentials, a publisher's address, a board's session.</param>
/// <param name="State">receiving, idle, streaming, connecting, playing, retrying, publishing, linked...</param>
/// <param name="LastError">Why it last failed, in words.</param>
/// <param name="Restarts">Its reconnects or encoder restarts.</param>
public sealed record SourceSummary(string Kind, string Description, string State, string? LastError, long Restarts)
{
    /// <summary>A session's source as the session last heard of it; one fed by SendVideoData says nothing, so it is the API.</summary>
    public static SourceSummary Of(MediaSession.Stats stats) => stats.Source is { } source
        ? new SourceSummary(source.Kind, source.Description, source.State, source.LastError, source.Restarts)
        : new SourceSummary("api", "SendVideoData", stats.Media is { FramesPerSecond: > 0 } ? "receiving" : "idle", null, 0);

    /// <summary>A pulled camera's source before it has a session.</summary>
    public static SourceSummary Of(RtspSource.Stats stats) =>
        new("pull", stats.Url, stats.State, stats.LastError, Math.Max(0, stats.Connections - 1));
}

/// <param name="Total">Every reader (RTSP clients, WebSocket viewers, the HLS output, recorders, relays, pushes).</param>
/// <param name="ByKind">Readers per kind: rtsp-udp, rtsp-tcp, rtsp-tls, rtsp-http, websocket, hls, recorder, relay, push, multicast (every kind listed).</param>
public sealed record ReaderCounts(int Total, IReadOnlyDictionary<string, int> ByKind)
{
    public static ReaderCounts Of(IEnumerable<ReaderStatus> readers)
    {
        var byKind = ReaderKinds.All.ToDictionary(kind => kind.Name(), _ => 0);
        var total = 0;
        foreach (var reader in readers)
        {
            byKind[reader.Kind.Name()]++;
            total++;
        }

        return new ReaderCounts(total, byKind);
    }
}

/// <param name="Rtsp">The RTSP URL.</param>
/// <param name="Player">The browser player page.</param>
/// <param name="Hls">The HLS playlist.</param>
/// <param name="Snapshot">The latest keyframe as JPEG.</param>
public sealed record SessionUrls(string Rtsp, string Player, string Hls, string Snapshot);

/// <summary>One session in detail (<c>GET /api/v1/sessions/{name}</c>): its summary, cache and counters.</summary>
public sealed record SessionDetail(
    string Name,
    IReadOnlyList<string> Aliases,
    VideoSummary? Video,
    string? Audio,
    SourceSummary Source,
    ReaderCounts Readers,
    SessionUrls Urls,
    GopCacheSummary GopCache,
    SessionCounters Counters);

/// <param name="Frames">Frames the cache holds now (the current GOP).</param>
/// <param name="Bytes">Their bytes.</param>
/// <param name="Overflows">GOPs that were too large for it.</param>
/// <param name="InstantStarts">Readers that started from it.</param>
public sealed record GopCacheSummary(int Frames, long Bytes, long Overflows, long InstantStarts);

/// <param name="FramesIn">Video access units the session took in.</param>
/// <param name="Keyframes">Of which keyframes.</param>
/// <param name="RtpPackets">RTP packets it made of them (each sent to every RTSP client).</param>
/// <param name="Dropped">Frames lost, by reason.</param>
/// <param name="IngestQueuedBytes">What SendVideoData/SendAudioData handed over and the session has not yet taken.</param>
public sealed record SessionCounters(long FramesIn, long Keyframes, long RtpPackets, DropCounters Dropped, long IngestQueuedBytes);

/// <param name="SlowReaders">Frames readers missed because they fell behind (each skipped to the next keyframe).</param>
/// <param name="Ingest">Frames dropped at the ingest bound (SendVideoData faster than the session).</param>
/// <param name="AudioRejected">Audio the session could not use.</param>
public sealed record DropCounters(long SlowReaders, long Ingest, long AudioRejected);
