using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using MediaActors.Flow;
using MediaActors.Pipeline;

namespace MediaActors.Cluster;

/// <summary>
/// The binary serializer of the frame flow, for the messages that cross nodes between a board's
/// publishers (its camera, its sessions) and the sessions that pull from them on a relay: <see cref="EncodedFrame"/>,
/// <see cref="FrameFlow.Attach"/>, <see cref="FrameFlow.Request"/>, <see cref="FrameFlow.Ended"/>,
/// <see cref="FrameFlow.Detach"/>, <see cref="Camera.GetStats"/> and its answer <see cref="Camera.CameraStats"/>. Registered in
/// hocon/cluster.conf under identifier <see cref="Id"/>; the JSON default never sees these types.
/// </summary>
/// <remarks>
/// Every message starts with a format version byte (<see cref="FormatVersion"/>); integers are
/// little-endian and fixed-width. A node rejects a version it does not know, and an unknown
/// manifest, with a <see cref="SerializationException"/> (Akka.Remote logs it and drops that
/// message only), so a newer message or format can be introduced once every node reads it.
/// Messages that stay on one node are deliberately not here: <see cref="Camera.RawFrame"/> (a
/// pooled buffer whose ownership passes to the receiver), the sensor's and encoder's stats (only
/// their camera, a parent on the same node, talks to them) and the session's messages.
/// </remarks>
public sealed class FrameFlowSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer's identifier on the wire (Akka.NET reserves 0 to 40 for itself); never reuse it for another format.</summary>
    public const int Id = 230;

    /// <summary>The version of the layouts below; the first byte of every message.</summary>
    public const byte FormatVersion = 1;

    internal const string FrameManifest = "F";
    internal const string AttachManifest = "A";
    internal const string RequestManifest = "R";
    internal const string EndedManifest = "E";
    internal const string GetStatsManifest = "G";
    internal const string DetachManifest = "D";
    internal const string StatsManifest = "S";

    private const string Known = "F, A, R, E, G, D, S";

    public FrameFlowSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        EncodedFrame => FrameManifest,
        FrameFlow.Attach => AttachManifest,
        FrameFlow.Request => RequestManifest,
        FrameFlow.Ended => EndedManifest,
        Camera.GetStats => GetStatsManifest,
        FrameFlow.Detach => DetachManifest,
        Camera.CameraStats => StatsManifest,
        _ => throw NotACameraMessage(o),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        EncodedFrame frame => EncodedFrameFormat.Write(frame),
        FrameFlow.Attach attach => WriteCredit(attach.Credit, "FrameFlow.Attach"),
        FrameFlow.Request request => WriteCredit(request.Count, "FrameFlow.Request"),
        FrameFlow.Ended ended => WriteReason(ended.Reason),
        Camera.GetStats or FrameFlow.Detach => new WireWriter(1, FormatVersion).ToArray(),
        Camera.CameraStats stats => CameraStatsFormat.Write(stats),
        _ => throw NotACameraMessage(obj),
    };

    public override object FromBinary(byte[] bytes, string manifest)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return manifest switch
        {
            FrameManifest => EncodedFrameFormat.Read(bytes),
            AttachManifest => new FrameFlow.Attach(ReadCredit(bytes, "FrameFlow.Attach (manifest A)")),
            RequestManifest => new FrameFlow.Request(ReadCredit(bytes, "FrameFlow.Request (manifest R)")),
            EndedManifest => ReadReason(bytes),
            GetStatsManifest => ReadEmpty(bytes, "Camera.GetStats (manifest G)", Camera.GetStats.Instance),
            DetachManifest => ReadEmpty(bytes, "FrameFlow.Detach (manifest D)", FrameFlow.Detach.Instance),
            StatsManifest => CameraStatsFormat.Read(bytes, system.Provider),
            _ => throw new SerializationException(
                $"Unknown manifest '{manifest}' for the camera message serializer (id {Id}), which reads {Known}: the sender runs a version of MediaActors with messages this node does not know."),
        };
    }

    // Attach and RequestFrames: the credit (int32), which cannot be negative: a node must not be
    // able to drive a camera's credit for it below zero.
    private static byte[] WriteCredit(int credit, string what)
    {
        if (credit < 0)
        {
            throw new SerializationException($"Cannot write {what} with a negative credit ({credit}).");
        }

        var writer = new WireWriter(1 + sizeof(int), FormatVersion);
        writer.WriteInt32(credit);
        return writer.ToArray();
    }

    private static int ReadCredit(byte[] bytes, string what)
    {
        var reader = new WireReader(bytes, what);
        reader.ReadVersion(FormatVersion);
        var credit = reader.ReadNonNegativeInt32("the credit");
        reader.End();
        return credit;
    }

    // StreamEnded: the reason (int32 byte length, UTF-8).
    private static byte[] WriteReason(string reason)
    {
        var writer = new WireWriter(1 + WireWriter.Utf8Size(reason), FormatVersion);
        writer.WriteUtf8(reason);
        return writer.ToArray();
    }

    private static FrameFlow.Ended ReadReason(byte[] bytes)
    {
        var reader = new WireReader(bytes, "FrameFlow.Ended (manifest E)");
        reader.ReadVersion(FormatVersion);
        var reason = reader.ReadUtf8("the reason");
        reader.End();
        return new FrameFlow.Ended(reason);
    }

    /// <summary>A message without fields (only the version byte): it reads back as its singleton.</summary>
    private static object ReadEmpty(byte[] bytes, string description, object instance)
    {
        WireReader.ReadEmpty(bytes, description, FormatVersion);
        return instance;
    }

    private static ArgumentException NotACameraMessage(object? message) =>
        new($"The camera message serializer (id {Id}) does not handle {message?.GetType().FullName ?? "null"}; check akka.actor.serialization-bindings.", nameof(message));
}
