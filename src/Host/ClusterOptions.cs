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
        {
            command.Options.Add(option);
        }
    }

    /// <exception cref="ArgumentException">A port or seed is malformed; the message names it.</exception>
    public ClusterFlags Read(ParseResult result)
    {
        var port = result.GetValue(_port);
        if (port is < 1 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentException($"--cluster-port {port} is not a TCP port (1-{IPEndPoint.MaxPort}).");
        }

        var host = result.GetValue(_host);
        if (host is not null && !IsNodeAddress(host))
        {
            throw new ArgumentException($"--cluster-host '{host}' is not an address other nodes can reach this one at (a host name or IP address, not 0.0.0.0).");
        }

        var seeds = (result.GetValue(_seeds) ?? []).Select(seed => NodeAddress(seed, "--seed")).ToList();
        return new ClusterFlags(host, port, seeds);
    }

    /// <summary>HOST:PORT (an IPv6 address in brackets), given to <paramref name="option"/>, as the Akka address of a node of this cluster.</summary>
    public static string NodeAddress(string value, string option)
    {
        var colon = value.LastIndexOf(':');
        var host = colon > 0 ? value[..colon].Trim('[', ']') : "";
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], out var port) || port is < 1 or > IPEndPoint.MaxPort || !IsNodeAddress(host))
        {
            throw new ArgumentException($"{option} '{value}' is not HOST:PORT (for example 192.168.1.10:4053, or [fd00::1]:4053).");
        }

        return $"akka.tcp://{MediaActorsHost.SystemName}@{(host.Contains(':') ? $"[{host}]" : host)}:{port}";
    }

    /// <summary>A host name or a specific IP address: what a node's Akka address can name.</summary>
    private static bool IsNodeAddress(string host) =>
        Uri.CheckHostName(host) != UriHostNameType.Unknown
        && !(IPAddress.TryParse(host, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)));
}

/// <summary>The cluster options given: null for what the node's .conf file decides.</summary>
public sealed record ClusterFlags(string? Host, int? Port, IReadOnlyList<string> Seeds)
{
    /// <summary>Adds these flags to <paramref name="overrides"/>.</summary>
    public HoconOverrides AddTo(HoconOverrides overrides)
    {
        overrides
            .Set("akka.remote.dot-netty.tcp.hostname", Host, "--cluster-host")
            .Set("akka.remote.dot-netty.tcp.port", Port, "--cluster-port");
        if (Seeds.Count > 0)
        {
            overrides.SetList("akka.cluster.seed-nodes", Seeds, "--seed");
        }

        return overrides;
    }
}
