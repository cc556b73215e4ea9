using Akka.Actor;
using MediaActors.Cluster;
using MediaActors.Flow;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;

namespace MediaActors.Fuzz.Targets;

/// <summary>
/// Seeds for <see cref="ClusterWireTarget"/>: one message of each manifest as the serializers
/// themselves write it, prefixed by the byte that picks its manifest. Written by
/// <c>MediaActors.Fuzz --write-cluster-seeds DIR</c>; the frames carry captured H.264.
/// </summary>
public static class ClusterWireSeeds
{
    public static IEnumerable<(string Name, byte[] Bytes)> Create()
    {
        var nobody = ActorRefs.Nobody;
        var member = new Address("akka.tcp", "mediaactors", "127.0.0.1", 4053);
        var annexB = new byte[] { 0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1f, 0xda, 0, 0, 0, 1, 0x68, 0xce, 0x0f, 0xc8, 0, 0, 0, 1, 0x65, 0x88, 0x84, 0x00, 0x33 };
        object[] messages =
        [
            EncodedFrame.FromAnnexB(Codec.H264, annexB, 1_000_000, 7),
            new FrameFlow.Attach(8), new FrameFlow.Request(4), new FrameFlow.Ended("the board stopped"),
            Camera.GetStats.Instance, FrameFlow.Detach.Instance,
            new Camera.CameraStats(300, 10, 1, [new FrameFlow.ConsumerStats(nobody, 290, 3, 5)]),
            BoardCatalog.Watch.Instance, new BoardCatalog.Watching("board1"),
            new BoardCatalog.SessionOffered("board1", "test", Codec.H264, annexB.AsMemory(0, 17), nobody, Codec.Aac),
            new BoardCatalog.SessionWithdrawn("board1", "test"),
            new BoardCatalog.RelayLoad("rtsp://relay.example:8554/", 12, 100),
            new LinkProbe.Ping(42), new LinkProbe.Pong(42), new LinkProbe.CanYouReach(member, 43), new LinkProbe.Reach(member, 43, true),
        ];
        var manifests = ClusterWireTarget.All;
        foreach (var message in messages)
        {
            var index = Enumerable.Range(0, manifests.Count).First(i => ManifestOf(manifests[i].Serializer, message) == manifests[i].Manifest);
            var bytes = manifests[index].Serializer.ToBinary(message);
            yield return ($"{message.GetType().Name.ToLowerInvariant()}-{manifests[index].Manifest}", [(byte)index, .. bytes]);
        }
    }

    /// <summary>The manifest <paramref name="serializer"/> writes <paramref name="message"/> with; null when the message is another serializer's.</summary>
    private static string? ManifestOf(Akka.Serialization.SerializerWithStringManifest serializer, object message)
    {
        try
        {
            return serializer.Manifest(message);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
