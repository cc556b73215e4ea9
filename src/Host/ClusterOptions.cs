using System.CommandLine;
using System.Net;

namespace MediaActors.Host;

/// <summary>The options of the cluster commands (`board`, `relay`): where this node is reached and which nodes it joins.</summary>
public sealed class ClusterOptions(int defaultPort)
{
    private readonly Option<string?> _host = new("--cluster-host")
    {
        Description = "The address other nodes reach this one at, and it listens on (default 127.0.0.1: one machine; give the LAN address for two)",
    };
    private readonly Option<int?> _port = new("--cluster-port") { Description = $"The cluster (Akka.Remote) TCP port (default {defaultPort})" };
    private readonly Option<string[]> _seeds = new("--seed")
    {
        Description = "HOST:PORT of a cluster node to join (a relay, or any member); repeat for several. None: this node starts the cluster",
        AllowMultipleArgumentsPerToken = true,
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _host, _port, _seeds })
            command.Options.Add(option);
    }

    /// <exception cref="ArgumentException">A port or seed is malformed; the message names it.</exception>
    public ClusterFlags Read(ParseResult result)
    {
        var port = result.GetValue(_port);
        if (port is < 1 or > IPEndPoint.MaxPort)
            throw new ArgumentException($"--cluster-port {port} is not a TCP port (1-{IPEndPoint.MaxPort}).");
        var seeds = (result.GetValue(_seeds) ?? []).Select(SeedAddress).ToList();
        return new ClusterFlags(result.GetValue(_host), port, seeds);
    }

    /// <summary>HOST:PORT as the Akka address of a node of this cluster.</summary>
    private static string SeedAddress(string seed)
    {
        var colon = seed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seed[(colon + 1)..], out var port) || port is < 1 or > IPEndPoint.MaxPort)
            throw new ArgumentException($"--seed '{seed}' is not HOST:PORT (for example 192.168.1.10:4053).");
        return $"akka.tcp://{MediaActorsHost.SystemName}@{seed[..colon]}:{port}";
    }
}

/// <summary>The cluster options given: null for what the node's .conf file decides.</summary>
public sealed record ClusterFlags(string? Host, int? Port, IReadOnlyList<string> Seeds)
{
    /// <summary>Adds these flags to <paramref name="overrides"/>.</summary>
    public HoconOverrides AddTo(HoconOverrides overrides)
    {
        overrides
            .Set("akka.remote.dot-netty.tcp.hostname", Host)
            .Set("akka.remote.dot-netty.tcp.port", Port);
        if (Seeds.Count > 0)
            overrides.SetList("akka.cluster.seed-nodes", Seeds);
        return overrides;
    }
}
