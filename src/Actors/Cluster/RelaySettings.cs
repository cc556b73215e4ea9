using Akka.Actor;
using Akka.Configuration;
using MediaActors.Configuration;

namespace MediaActors.Cluster;

/// <summary>A relay's settings, from the <c>mediaactors.relay</c> HOCON section (hocon/relay.conf).</summary>
/// <param name="Linger">How long a relayed session keeps pulling from its board after its last client left.</param>
/// <param name="WatchRetry">How often a relay asks a board that has not answered yet for its sessions.</param>
/// <param name="LinkProbeInterval">How often a relay pings each board it serves.</param>
/// <param name="LinkTimeout">How long a board may leave the pings unanswered before the relay stops serving it.</param>
public sealed record RelaySettings(TimeSpan Linger, TimeSpan WatchRetry, TimeSpan LinkProbeInterval, TimeSpan LinkTimeout)
{
    /// <summary>
    /// The relay this one pulls every session from (an edge relay fed by a core relay), by its
    /// cluster address (<c>mediaactors.relay.upstream</c>, <c>--upstream HOST:PORT</c>); null: the
    /// relay watches the boards itself.
    /// </summary>
    public Address? Upstream { get; init; }

    /// <summary>
    /// Above this many RTSP connections the relay answers DESCRIBE with a 302 to the least loaded
    /// relay below its own limit, when there is one (<c>mediaactors.relay.redirect-above</c>); 0 never redirects.
    /// </summary>
    public int RedirectAbove { get; init; }

    /// <summary>Settings with the shipped link checks (1 s pings, 4 s timeout).</summary>
    public RelaySettings(TimeSpan linger, TimeSpan watchRetry)
        : this(linger, watchRetry, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4))
    {
    }

    public static RelaySettings FromConfig(Config config)
    {
        var relay = MediaActorsConfig.WithRelayDefaults(config).GetConfig("mediaactors.relay");
        var settings = new RelaySettings(relay.GetTimeSpan("linger"), relay.GetTimeSpan("watch-retry"),
            relay.GetTimeSpan("link-probe-interval"), relay.GetTimeSpan("link-timeout"))
        {
            Upstream = UpstreamOf(relay.GetString("upstream", "")),
            RedirectAbove = relay.GetInt("redirect-above", 0),
        };
        if (settings.RedirectAbove < 0)
        {
            throw new ConfigurationException($"mediaactors.relay.redirect-above must not be negative (it is {settings.RedirectAbove}; 0 never redirects).");
        }

        if (settings.Linger < TimeSpan.Zero)
        {
            throw new ConfigurationException($"mediaactors.relay.linger must not be negative (it is {settings.Linger}).");
        }

        if (settings.WatchRetry <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"mediaactors.relay.watch-retry must be positive (it is {settings.WatchRetry}).");
        }

        if (settings.LinkProbeInterval <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"mediaactors.relay.link-probe-interval must be positive (it is {settings.LinkProbeInterval}).");
        }

        if (settings.LinkTimeout <= settings.LinkProbeInterval)
        {
            throw new ConfigurationException(
                $"mediaactors.relay.link-timeout ({settings.LinkTimeout}) must be longer than link-probe-interval ({settings.LinkProbeInterval}), or every late answer ends a board's sessions.");
        }

        return settings;
    }

    private static Address? UpstreamOf(string upstream)
    {
        if (string.IsNullOrWhiteSpace(upstream))
        {
            return null;
        }

        try
        {
            return Address.Parse(upstream);
        }
        catch (Exception error)
        {
            throw new ConfigurationException(
                $"mediaactors.relay.upstream '{upstream}' is not a cluster address (akka.tcp://mediaactors@HOST:PORT; --upstream takes HOST:PORT).", error);
        }
    }
}
