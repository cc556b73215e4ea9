using Akka.Configuration;
using MediaActors.Configuration;
using MediaActors.Protocol.Auth;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Sources;

/// <summary>How a pull source reaches its camera: over UDP, over TCP (interleaved), or UDP first with TCP when no packet arrives.</summary>
public enum PullTransport
{
    Auto,
    Udp,
    Tcp,
}

/// <summary>
/// One camera to pull from and how: its URL (credentials in it are taken out and used for the
/// camera's 401), the transport, whether it is pulled only while somebody watches, and the
/// timings of connecting, watching for a stall and reconnecting. Read from an entry of the
/// <c>mediaactors.sources</c> HOCON section over <c>mediaactors.source-defaults</c>.
/// </summary>
public sealed record RtspSourceSettings(
    string SessionName,
    RtspUrl Url,
    RtspCredentials? Credentials,
    PullTransport Transport,
    bool OnDemand,
    TimeSpan OnDemandLinger,
    TimeSpan RequestTimeout,
    TimeSpan StallTimeout,
    TimeSpan UdpFallbackAfter,
    TimeSpan ReconnectMin,
    TimeSpan ReconnectMax,
    TimeSpan ReceiverReportInterval)
{
    /// <summary>The camera's URL as requests name it: without the credentials.</summary>
    public string Uri => Url.ToAbsoluteUri();

    /// <summary>
    /// A source for <paramref name="url"/> with the <c>mediaactors.source-defaults</c> of
    /// <paramref name="config"/> (the shipped ones when null), as `serve --source rtsp://...` makes it.
    /// </summary>
    /// <exception cref="ConfigurationException">The URL or a value is unusable; the message says which.</exception>
    public static RtspSourceSettings Create(string sessionName, string url, Config? config = null)
    {
        var defaults = MediaActorsConfig.WithDefaults(config ?? MediaActorsConfig.Default).GetConfig("mediaactors.source-defaults");
        return FromEntry(sessionName, url, defaults, $"the source of '{sessionName}'");
    }

    /// <summary>Every entry of the <c>mediaactors.sources</c> section: the entry's key is the session name.</summary>
    /// <exception cref="ConfigurationException">An entry is unusable (its key cannot name a session, or a value is bad); the message names its key.</exception>
    public static IReadOnlyList<RtspSourceSettings> AllFromConfig(Config config)
    {
        var withDefaults = MediaActorsConfig.WithDefaults(config);
        var defaults = withDefaults.GetConfig("mediaactors.source-defaults");
        var sources = withDefaults.GetConfig("mediaactors.sources");
        if (sources is null || sources.IsEmpty)
        {
            return [];
        }

        var all = new List<RtspSourceSettings>();
        foreach (var (key, _) in sources.AsEnumerable().Select(pair => (pair.Key.Split('.')[0], pair.Value)).DistinctBy(pair => pair.Item1))
        {
            var name = key.Trim('"');
            if (RtspServer.SessionNameProblem(name) is { } problem)
            {
                throw new ConfigurationException($"mediaactors.sources.{name}: {problem}");
            }

            var entry = sources.GetConfig(key).WithFallback(defaults);
            var url = entry.GetString("url") ?? throw new ConfigurationException($"mediaactors.sources.{name}.url is missing: give the camera's rtsp:// URL.");
            all.Add(FromEntry(name, url, entry, $"mediaactors.sources.{name}"));
        }

        return all;
    }

    private static RtspSourceSettings FromEntry(string sessionName, string url, Config entry, string where)
    {
        if (!RtspUrl.TryParseWithCredentials(url, out var parsed, out var credentials) || parsed.Host.Length == 0)
        {
            throw new ConfigurationException($"{where}: '{url}' is not an rtsp:// URL of a camera (rtsp://[user:password@]host[:port]/path).");
        }

        if (parsed.Scheme != "rtsp")
        {
            throw new ConfigurationException($"{where}: {parsed.Scheme}:// is not supported for pulling; use rtsp://.");
        }

        var transport = entry.GetString("transport", "auto");
        if (!Enum.TryParse<PullTransport>(transport, ignoreCase: true, out var pullTransport) || !Enum.IsDefined(pullTransport))
        {
            throw new ConfigurationException($"{where}: transport '{transport}' is not one of tcp, udp, auto.");
        }

        var settings = new RtspSourceSettings(
            sessionName,
            parsed,
            credentials,
            pullTransport,
            Switch(entry, "on-demand", where),
            entry.GetTimeSpan("on-demand-linger"),
            entry.GetTimeSpan("request-timeout"),
            entry.GetTimeSpan("stall-timeout"),
            entry.GetTimeSpan("udp-fallback-after"),
            entry.GetTimeSpan("reconnect-min"),
            entry.GetTimeSpan("reconnect-max"),
            entry.GetTimeSpan("receiver-report-interval"));
        foreach (var (key, value) in new[]
                 {
                     ("request-timeout", settings.RequestTimeout), ("stall-timeout", settings.StallTimeout),
                     ("udp-fallback-after", settings.UdpFallbackAfter), ("reconnect-min", settings.ReconnectMin),
                     ("receiver-report-interval", settings.ReceiverReportInterval),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ConfigurationException($"{where}.{key} must be positive.");
            }
        }

        if (settings.ReconnectMax < settings.ReconnectMin)
        {
            throw new ConfigurationException($"{where}.reconnect-max must not be below reconnect-min.");
        }

        return settings;
    }

    /// <summary>A yes/no setting in any of the spellings people write (HOCON's on/off and true/false, and yes/no).</summary>
    private static bool Switch(Config entry, string key, string where)
    {
        var value = entry.GetString(key)?.Trim().ToLowerInvariant();
        return value switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" or null => false,
            _ => throw new ConfigurationException($"{where}.{key} '{value}' is not on or off."),
        };
    }

    /// <summary>The URL for logs: without the password.</summary>
    public override string ToString() => Uri;
}
