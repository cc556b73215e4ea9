using Akka.Configuration;

namespace MediaActors.Web;

/// <summary>
/// The HTTP side: the <c>mediaactors.http</c> HOCON section (see hocon/mediaactors.conf for why each
/// default). The port and address are the host's business; the rest bounds every web reader the
/// way <c>mediaactors.rtsp</c> bounds RTSP clients.
/// </summary>
/// <param name="Port">The HTTP port; 0: no HTTP server.</param>
/// <param name="ClientFragmentsInFlight">Fragments a WebSocket viewer may have queued and unsent; past it, it skips to the next keyframe.</param>
/// <param name="ClientQueueBytes">Bytes a WebSocket viewer may have queued; past it, it drops its queue and resumes at the next keyframe.</param>
/// <param name="ClientStallTimeout">A viewer whose socket has not taken a message for this long is disconnected.</param>
/// <param name="CacheMaxBytes">The fragments of the current GOP kept for a viewer that joins now (instant start); a larger GOP is not kept.</param>
/// <param name="Linger">How long a session's muxer for web viewers outlives its last viewer.</param>
/// <param name="Hls">HLS: part and segment cutting, what is kept, how long it outlives its last request.</param>
/// <param name="MetricsAuth">
/// <c>metrics.auth</c>: whether <c>/metrics</c> asks for the server's credentials (when it has any);
/// off lets a scraper in without them.
/// </param>
public sealed record WebSettings(
    int Port,
    int ClientFragmentsInFlight,
    long ClientQueueBytes,
    TimeSpan ClientStallTimeout,
    long CacheMaxBytes,
    TimeSpan Linger,
    HlsSettings Hls,
    bool MetricsAuth = true)
{
    private const string Section = "mediaactors.http";

    public static WebSettings FromConfig(Config config)
    {
        var http = config.GetConfig(Section) ?? throw new ConfigurationException($"The configuration has no {Section} section.");
        var settings = new WebSettings(
            http.GetInt("port"),
            http.GetInt("client-fragments-in-flight"),
            http.GetByteSize("client-queue-bytes") ?? 0,
            http.GetTimeSpan("client-stall-timeout"),
            http.GetByteSize("cache-max-bytes") ?? 0,
            http.GetTimeSpan("linger"),
            HlsSettings.FromConfig(http, Section),
            http.GetBoolean("metrics.auth", true));
        Require(settings.Port is >= 0 and <= 65535, "port must be between 0 (no HTTP server) and 65535.");
        Require(settings.ClientFragmentsInFlight >= 2, "client-fragments-in-flight must be at least 2.");
        Require(settings.ClientQueueBytes > 0, "client-queue-bytes must be positive.");
        Require(settings.ClientStallTimeout > TimeSpan.Zero, "client-stall-timeout must be positive.");
        Require(settings.CacheMaxBytes >= 0, "cache-max-bytes must not be negative.");
        Require(settings.Linger >= TimeSpan.Zero, "linger must not be negative.");
        return settings;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ConfigurationException($"{Section}.{message}");
        }
    }
}
