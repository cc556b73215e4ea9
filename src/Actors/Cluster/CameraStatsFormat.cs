using Akka.Actor;
using MediaActors.Pipeline;

namespace MediaActors.Cluster;

/// <summary>
/// <see cref="Camera.CameraStats"/> on the wire (manifest "S"), after the version byte: frames,
/// keyframes (int64), restarts (int32), consumer count (int32), then per consumer sent, dropped
/// (int64), credit (int32) and the consumer's actor path (a string: int32 byte length, UTF-8), which
/// the reading node resolves to an actor ref of its own.
/// </summary>
internal static class CameraStatsFormat
{
    public const string What = "CameraStats (manifest " + CameraMessageSerializer.StatsManifest + ")";

    private const int ConsumerFixedSize = 2 * sizeof(long) + 2 * sizeof(int);

    public static byte[] Write(Camera.CameraStats stats)
    {
        var consumers = stats.Consumers;
        var paths = new string[consumers.Count];
        long size = 1 + 2 * sizeof(long) + 2 * sizeof(int);
        for (var i = 0; i < paths.Length; i++)
        {
            paths[i] = Akka.Serialization.Serialization.SerializedActorPath(consumers[i].Consumer);
            size += sizeof(long) * 2 + sizeof(int) + WireWriter.Utf8Size(paths[i]);
        }
        var writer = new WireWriter(checked((int)size));
        writer.WriteInt64(stats.Frames);
        writer.WriteInt64(stats.Keyframes);
        writer.WriteInt32(stats.Restarts);
        writer.WriteInt32(consumers.Count);
        for (var i = 0; i < paths.Length; i++)
        {
            writer.WriteInt64(consumers[i].Sent);
            writer.WriteInt64(consumers[i].Dropped);
            writer.WriteInt32(consumers[i].Credit);
            writer.WriteUtf8(paths[i]);
        }
        return writer.ToArray();
    }

    public static Camera.CameraStats Read(byte[] bytes, IActorRefProvider actorRefs)
    {
        var reader = new WireReader(bytes, What);
        reader.ReadVersion();
        var frames = reader.ReadInt64("the frame count");
        var keyframes = reader.ReadInt64("the keyframe count");
        var restarts = reader.ReadInt32("the restart count");
        var consumers = new Camera.ConsumerStats[reader.ReadCount("the consumer count", ConsumerFixedSize)];
        for (var i = 0; i < consumers.Length; i++)
        {
            var sent = reader.ReadInt64($"consumer {i}'s sent count");
            var dropped = reader.ReadInt64($"consumer {i}'s dropped count");
            var credit = reader.ReadInt32($"consumer {i}'s credit");
            var path = reader.ReadUtf8($"consumer {i}'s actor path");
            consumers[i] = new Camera.ConsumerStats(Resolve(path, actorRefs) ?? throw reader.Invalid($"consumer {i}'s actor path '{path}' is not an actor path"),
                sent, dropped, credit);
        }
        reader.End();
        return new Camera.CameraStats(frames, keyframes, restarts, consumers);
    }

    /// <summary>The actor at <paramref name="path"/>, or null when it is not an actor path.</summary>
    private static IActorRef? Resolve(string path, IActorRefProvider actorRefs)
    {
        try
        {
            return ActorPath.TryParse(path, out _) ? actorRefs.ResolveActorRef(path) : null;
        }
        catch (Exception error) when (error is FormatException or OverflowException)
        {
            // ActorPath.TryParse throws, rather than answering false, for some malformed uids ("#]1").
            return null;
        }
    }
}
