using Akka.Configuration;
using MediaActors.Configuration;
using MediaActors.Protocol.Auth;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Pushing;

/// <summary>
/// Where a session is pushed (ANNOUNCE/RECORD over TCP) and how: the target's URL (credentials in
/// it are taken out and used for the target's 401), the time each request may take, the
/// reconnect backoff, the bound of what may wait unsent on the connection, and how long the
/// target may take nothing before the push counts as failed. Read from
/// <c>mediaactors.push-defaults</c>; the <c>mediaactors.pushes</c> section names the targets of each session.
/// </summary>
public sealed record RtspPushSettings(
    RtspUrl Url,
    RtspCredentials? Credentials,
    TimeSpan RequestTimeout,
    TimeSpan ReconnectMin,
    TimeSpan ReconnectMax,
    TimeSpan StallTimeout,
    long MaxQueuedBytes)
{
    /// <summary>The target's URL as requests name it: without the credentials.</summary>
    public string Uri => Url.ToAbsoluteUri();

    /// <summary>
    /// A push to <paramref name="url"/> with the <c>mediaactors.push-defaults</c> of
    /// <paramref name="config"/> (the shipped ones when null), as `serve --push rtsp://...` makes it.
    /// </summary>
    /// <exception cref="ConfigurationException">The URL or a value is unusable; the message says which.</exception>
    public static RtspPushSettings Create(string url, Config? config = null)
    {
        var defaults = MediaActorsConfig.WithDefaults(config ?? MediaActorsConfig.Default).GetConfig("mediaactors.push-defaults");
        return FromEntry(url, defaults, "--push");
    }

    /// <summary>
    /// Every target of the <c>mediaactors.pushes</c> section, with the session it pushes: each key
    /// is a session name, its value one rtsp:// URL or a list of them.
    /// </summary>
    /// <exception cref="ConfigurationException">An entry is unusable; the message names its key.</exception>
    public static IReadOnlyList<(string SessionName, RtspPushSettings Settings)> AllFromConfig(Config config)
    {
        var withDefaults = MediaActorsConfig.WithDefaults(config);
        var defaults = withDefaults.GetConfig("mediaactors.push-defaults");
        var pushes = withDefaults.GetConfig("mediaactors.pushes");
        if (pushes is null || pushes.IsEmpty)
        {
            return [];
        }

        var all = new List<(string, RtspPushSettings)>();
        foreach (var key in pushes.AsEnumerable().Select(pair => pair.Key.Split('.')[0]).Distinct())
        {
            var name = key.Trim('"');
            var value = pushes.GetValue(key);
            var urls = value.IsArray() ? value.GetStringList() : [value.GetString()];
            foreach (var url in urls)
            {
                all.Add((name, FromEntry(url, defaults, $"mediaactors.pushes.{name}")));
            }
        }

        return all;
    }

    private static RtspPushSettings FromEntry(string url, Config entry, string where)
    {
        if (!RtspUrl.TryParseWithCredentials(url, out var parsed, out var credentials) || parsed.Host.Length == 0)
        {
            throw new ConfigurationException($"{where}: '{url}' is not an rtsp:// URL of a server (rtsp://[user:password@]host[:port]/path).");
        }

        if (parsed.Scheme != "rtsp")
        {
            throw new ConfigurationException($"{where}: {parsed.Scheme}:// is not supported for pushing; use rtsp://.");
        }

        var settings = new RtspPushSettings(
            parsed,
            credentials,
            entry.GetTimeSpan("request-timeout"),
            entry.GetTimeSpan("reconnect-min"),
            entry.GetTimeSpan("reconnect-max"),
            entry.GetTimeSpan("stall-timeout"),
            entry.GetByteSize("queue-bytes") ?? 0);
        foreach (var (key, value) in new[]
                 {
                     ("request-timeout", settings.RequestTimeout), ("reconnect-min", settings.ReconnectMin), ("stall-timeout", settings.StallTimeout),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ConfigurationException($"mediaactors.push-defaults.{key} must be positive (for {where}).");
            }
        }

        if (settings.ReconnectMax < settings.ReconnectMin)
        {
            throw new ConfigurationException($"mediaactors.push-defaults.reconnect-max must not be below reconnect-min (for {where}).");
        }

        if (settings.MaxQueuedBytes <= 0)
        {
            throw new ConfigurationException($"mediaactors.push-defaults.queue-bytes must be positive (for {where}).");
        }

        return settings;
    }

    /// <summary>The URL for logs: without the password.</summary>
    public override string ToString() => Uri;
}
