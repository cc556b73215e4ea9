using System.Net;

namespace MediaActors.Tests.Infrastructure;

/// <summary>
/// Nodes each in a network namespace of its own, joined by a bridge in one more namespace, so that
/// nftables in one node's namespace can cut exactly one link (<see cref="CutAsync"/>) while every
/// other stays up. The addresses (10.213.0.0/24) exist only inside these namespaces: nothing has a
/// route out of them, so no packet of a test leaves this machine. Needs root (CAP_SYS_ADMIN for the
/// namespaces, CAP_NET_ADMIN for the links and nftables); <see cref="TryCreateAsync"/> says why not
/// where that is not permitted, and the test skips with that reason.
/// </summary>
public sealed class IsolatedNetwork : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private readonly string _prefix;
    private readonly IReadOnlyList<string> _nodes;

    private IsolatedNetwork(string prefix, IReadOnlyList<string> nodes)
    {
        _prefix = prefix;
        _nodes = nodes;
    }

    /// <summary>Creates a namespace per node (10.213.0.2 for the first, then .3, ...), or says why it cannot.</summary>
    public static async Task<(IsolatedNetwork? Network, string WhyNot)> TryCreateAsync(params string[] nodes)
    {
        foreach (var tool in new[] { "ip", "nft" })
        {
            if ((await RunAsync($"command -v {tool}")).ExitCode != 0)
            {
                return (null, $"{tool} is not installed (Debian packages iproute2 and nftables; scripts/test.sh installs them)");
            }
        }

        var network = new IsolatedNetwork($"ma{Environment.ProcessId % 100_000}", nodes);
        var lines = new List<string>
        {
            "set -e",
            $"ip netns add {network.Switch}",
            $"ip -n {network.Switch} link add br0 type bridge",
            $"ip -n {network.Switch} link set br0 up",
        };
        for (var i = 0; i < nodes.Length; i++)
        {
            var (space, inside, outside) = (network.NamespaceOf(nodes[i]), $"{network._prefix}n{i}", $"{network._prefix}s{i}");
            lines.AddRange([
                $"ip netns add {space}",
                $"ip link add {inside} type veth peer name {outside}",
                $"ip link set {inside} netns {space}",
                $"ip link set {outside} netns {network.Switch}",
                $"ip -n {network.Switch} link set {outside} master br0 up",
                $"ip -n {space} addr add {network.AddressOf(nodes[i])}/24 dev {inside}",
                $"ip -n {space} link set {inside} up",
                $"ip -n {space} link set lo up",
            ]);
        }

        var created = await RunAsync(string.Join('\n', lines));
        if (created.ExitCode != 0)
        {
            await network.DisposeAsync();
            return (null, $"network namespaces cannot be made here (root with CAP_SYS_ADMIN and CAP_NET_ADMIN is needed): {created.StandardError.Trim()}");
        }

        var filter = await RunAsync($"ip netns exec {network.NamespaceOf(nodes[0])} nft list tables");
        if (filter.ExitCode != 0)
        {
            await network.DisposeAsync();
            return (null, $"nftables cannot filter in a network namespace here: {filter.StandardError.Trim()}");
        }

        return (network, "");
    }

    private string Switch => $"{_prefix}-sw";

    public string NamespaceOf(string node) => $"{_prefix}-{node}";

    public IPAddress AddressOf(string node) => IPAddress.Parse($"10.213.0.{IndexOf(node) + 2}");

    /// <summary>The command line that runs <paramref name="command"/> in <paramref name="node"/>'s namespace.</summary>
    public string[] In(string node, params string[] command) => ["ip", "netns", "exec", NamespaceOf(node), .. command];

    /// <summary>Drops every packet between <paramref name="node"/> and <paramref name="peer"/>, in both directions, in <paramref name="node"/>'s namespace.</summary>
    public async Task CutAsync(string node, string peer)
    {
        var peerAddress = AddressOf(peer);
        var rules = $$"""
            table inet mediaactors_cut {
              chain in { type filter hook input priority 0; ip saddr {{peerAddress}} drop; }
              chain out { type filter hook output priority 0; ip daddr {{peerAddress}} drop; }
            }
            """;
        var cut = await RunAsync($"ip netns exec {NamespaceOf(node)} nft -f - <<'EOF'\n{rules}\nEOF");
        Assert.True(cut.ExitCode == 0, $"nft: {cut.StandardError}");
    }

    /// <summary>Takes back <see cref="CutAsync"/> in <paramref name="node"/>'s namespace.</summary>
    public async Task HealAsync(string node)
    {
        var healed = await RunAsync($"ip netns exec {NamespaceOf(node)} nft delete table inet mediaactors_cut");
        Assert.True(healed.ExitCode == 0, $"nft: {healed.StandardError}");
    }

    /// <summary>Deleting the namespaces takes their links, addresses and rules with them.</summary>
    public async ValueTask DisposeAsync() =>
        await RunAsync(string.Join('\n', _nodes.Select(NamespaceOf).Append(Switch).Select(space => $"ip netns del {space} 2>/dev/null")));

    private int IndexOf(string node)
    {
        var index = _nodes.ToList().IndexOf(node);
        return index >= 0 ? index : throw new ArgumentException($"'{node}' is not a node of this network", nameof(node));
    }

    private static Task<ToolResult> RunAsync(string script) =>
        ExternalTool.RunAsync("bash", ["-c", "PATH=$PATH:/usr/sbin:/sbin\n" + script], CommandTimeout);
}
