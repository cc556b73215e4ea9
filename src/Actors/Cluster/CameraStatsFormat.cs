using Akka.Actor;
using MediaActors.Flow;
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
    public const string What = "CameraStats (manifest " + FrameFlowSerializer.StatsManifest + ")";

    private const int ConsumerFixedSize = 2 * sizeof(long) + 2 * sizeof(int);

    public static byte[] Write(Camera.CameraStats stats)
    {
        var consumers = stats.Consumers;
        var paths = new string[consumers.Count];
        long size = 1 + 2 * sizeof(long) + 2 * sizeof(int);
        for (var i = 0; i < paths.Length; i++)
        {
            paths[i] = WireWriter.PathOf(consumers[i].Consumer);
            size += sizeof(long) * 2 + sizeof(int) + WireWriter.Utf8Size(paths[i]);
        }
        var writer = new WireWriter(checked((int)size), FrameFlowSerializer.FormatVersion);
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
        reader.ReadVersion(FrameFlowSerializer.FormatVersion);
        var frames = reader.ReadInt64("the frame count");
        var keyframes = reader.ReadInt64("the keyframe count");
        var restarts = reader.ReadInt32("the restart count");
        var consumers = new FrameFlow.ConsumerStats[reader.ReadCount("the consumer count", ConsumerFixedSize)];
        for (var i = 0; i < consumers.Length; i++)
        {
            var sent = reader.ReadInt64($"consumer {i}'s sent count");
            var dropped = reader.ReadInt64($"consumer {i}'s dropped count");
            var credit = reader.ReadInt32($"consumer {i}'s credit");
            consumers[i] = new FrameFlow.ConsumerStats(reader.ReadActorRef($"consumer {i}'s actor path", actorRefs), sent, dropped, credit);
        }
        reader.End();
        return new Camera.CameraStats(frames, keyframes, restarts, consumers);
    }
}
