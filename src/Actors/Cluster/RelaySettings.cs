using Akka.Configuration;
using MediaActors.Configuration;

namespace MediaActors.Cluster;

/// <summary>A relay's settings, from the <c>mediaactors.relay</c> HOCON section (hocon/relay.conf).</summary>
/// <param name="Linger">How long a relayed session keeps pulling from its board after its last client left.</param>
/// <param name="WatchRetry">How often a relay asks a board that has not answered yet for its sessions.</param>
public sealed record RelaySettings(TimeSpan Linger, TimeSpan WatchRetry)
{
    public static RelaySettings FromConfig(Config config)
    {
        var relay = MediaActorsConfig.WithRelayDefaults(config).GetConfig("mediaactors.relay");
        var settings = new RelaySettings(relay.GetTimeSpan("linger"), relay.GetTimeSpan("watch-retry"));
        if (settings.Linger < TimeSpan.Zero)
        {
            throw new ConfigurationException($"mediaactors.relay.linger must not be negative (it is {settings.Linger}).");
        }

        if (settings.WatchRetry <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"mediaactors.relay.watch-retry must be positive (it is {settings.WatchRetry}).");
        }

        return settings;
    }
}
