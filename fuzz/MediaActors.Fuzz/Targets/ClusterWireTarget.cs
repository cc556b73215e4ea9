using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using MediaActors.Cluster;

namespace MediaActors.Fuzz.Targets;

/// <summary>
/// A message another cluster node sends: the input's first byte picks one of the manifests of the
/// cluster's serializers (camera frames and flow control with <c>EncodedFrameFormat</c> and
/// <c>CameraStatsFormat</c>, the board catalog, the link probes), the rest is the message's bytes
/// for <see cref="Serializer.FromBinary(byte[], Type)"/>, all read through <c>WireReader</c>.
/// Akka.Remote treats a <see cref="SerializationException"/> as a dropped message and keeps the
/// association; any other exception is a crash.
/// </summary>
public sealed class ClusterWireTarget : IFuzzTarget
{
    private static readonly Lazy<(SerializerWithStringManifest Serializer, string Manifest)[]> Manifests = new(Create);

    public string Name => "cluster-wire";

    /// <summary>The manifests in the order the first input byte picks them (modulo their count).</summary>
    public static IReadOnlyList<(SerializerWithStringManifest Serializer, string Manifest)> All => Manifests.Value;

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        var (serializer, manifest) = All[input[0] % All.Count];
        try
        {
            serializer.FromBinary(input[1..].ToArray(), manifest);
        }
        catch (SerializationException)
        {
            // Logged and dropped by Akka.Remote.
        }
    }

    private static (SerializerWithStringManifest, string)[] Create()
    {
        // A remoting system as a node has one: actor paths in a message resolve against its provider.
        var system = (ExtendedActorSystem)ActorSystem.Create("fuzz", ConfigurationFactory.ParseString("""
            akka.loglevel = OFF
            akka.stdout-loglevel = OFF
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            """));
        var frames = new FrameFlowSerializer(system);
        var catalog = new BoardCatalogSerializer(system);
        var probes = new LinkProbeSerializer(system);
        return
        [
            (frames, "F"), (frames, "A"), (frames, "R"), (frames, "E"), (frames, "G"), (frames, "D"), (frames, "S"),
            (catalog, "W"), (catalog, "B"), (catalog, "O"), (catalog, "X"), (catalog, "L"),
            (probes, "P"), (probes, "Q"), (probes, "C"), (probes, "V"),
        ];
    }
}
