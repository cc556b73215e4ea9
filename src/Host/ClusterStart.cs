using Akka.Configuration;
using Akka.Hosting;

namespace MediaActors.Host;

/// <summary>How a node enters its cluster.</summary>
public static class ClusterStart
{
    /// <summary>A node given no seed nodes starts the cluster: it joins itself, and others join it.</summary>
    public static void JoinSelfWithoutSeeds(AkkaConfigurationBuilder akka, Config config)
    {
        if (config.GetStringList("akka.cluster.seed-nodes").Count > 0)
            return;
        akka.AddStartup((system, _) =>
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            cluster.Join(cluster.SelfAddress);
        });
    }
}
