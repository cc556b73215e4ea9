using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;

namespace MediaActors.Host;

/// <summary>How a node enters its cluster, the checks its settings need, and how to tell that it was thrown out.</summary>
public static class ClusterStart
{
    /// <summary>Room for Akka's envelope (paths, manifest, sequence numbers) and a frame's header and packs around its data.</summary>
    private const long EnvelopeBytes = 64 * 1024;

    /// <summary>
    /// Refuses settings with which frames could not cross: a frame of <c>max-frame-bytes</c> must fit
    /// Akka.Remote's <c>maximum-frame-size</c>, or it would be dropped on the way (and its credit with it).
    /// </summary>
    public static void Validate(Config config)
    {
        var maxFrame = config.GetByteSize("mediaactors.rtsp.max-frame-bytes") ?? 0;
        var remoteFrame = config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 0;
        if (maxFrame + EnvelopeBytes > remoteFrame)
        {
            throw new ConfigurationException(
                $"mediaactors.rtsp.max-frame-bytes ({maxFrame}) plus 64 KiB must fit akka.remote.dot-netty.tcp.maximum-frame-size ({remoteFrame}); raise the latter with the former.");
        }
    }

    /// <summary>True when the actor system is stopping because the cluster downed this node (the process should then exit with a failure, so that a service manager restarts it).</summary>
    public static bool WasDowned(ActorSystem system) =>
        CoordinatedShutdown.Get(system).ShutdownReason is CoordinatedShutdown.ClusterDowningReason;

    /// <summary>A node given no seed nodes starts the cluster: it joins itself, and others join it.</summary>
    public static void JoinSelfWithoutSeeds(AkkaConfigurationBuilder akka, Config config)
    {
        if (config.GetStringList("akka.cluster.seed-nodes").Count > 0)
        {
            return;
        }

        akka.AddStartup((system, _) =>
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            cluster.Join(cluster.SelfAddress);
        });
    }
}
