using Akka.Actor;
using Akka.Configuration;
using AkkaCluster = Akka.Cluster.Cluster;

namespace MediaActors.Testing.Cluster;

/// <summary>
/// Cluster nodes in one process, talking over loopback TCP on ports the system picks: the real
/// Akka.Remote transport, serializers and failure detector, with nothing to configure.
/// </summary>
public static class LoopbackCluster
{
    /// <summary>How long a node may take to join before the test fails.</summary>
    public static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(15);

    /// <summary>A test node's settings over <paramref name="roleDefaults"/> (MediaActorsConfig.Board, .Relay or .Cluster): loopback on a free port, quiet logs.</summary>
    public static Config NodeConfig(Config roleDefaults) => ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.remote.log-remote-lifecycle-events = off
        akka.cluster.log-info = off
        """).WithFallback(roleDefaults);

    /// <summary>Joins <paramref name="system"/> to the cluster of <paramref name="seed"/> (itself: it starts one), within <see cref="JoinTimeout"/>.</summary>
    public static async Task JoinAsync(ActorSystem system, Address seed)
    {
        using var joined = new CancellationTokenSource(JoinTimeout);
        await AkkaCluster.Get(system).JoinAsync(seed, joined.Token);
    }

    /// <summary>The address other nodes join <paramref name="system"/> at.</summary>
    public static Address AddressOf(ActorSystem system) => AkkaCluster.Get(system).SelfAddress;
}
