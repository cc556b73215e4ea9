using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace MediaActors.Cluster;

/// <summary>
/// The binary serializer of the link checks (<see cref="LinkProbe"/>), in the cluster wire format
/// of the frame flow and the catalog (a version byte, little-endian fixed-width integers, strings
/// as an int32 byte count and UTF-8), registered in hocon/cluster.conf under identifier <see cref="Id"/>.
/// Manifests: <c>P</c> Ping and <c>Q</c> Pong (the id, int64); <c>C</c> CanYouReach (the member's
/// address as a string, the id); <c>V</c> Reach (the address, the id, a byte: 1 reached, 0 not).
/// </summary>
public sealed class LinkProbeSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer's identifier on the wire (Akka.NET reserves 0 to 40 for itself); never reuse it for another format.</summary>
    public const int Id = 232;

    /// <summary>The version of the layouts above; the first byte of every message.</summary>
    public const byte FormatVersion = 1;

    private const string PingManifest = "P";
    private const string PongManifest = "Q";
    private const string CanYouReachManifest = "C";
    private const string ReachManifest = "V";

    public LinkProbeSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        LinkProbe.Ping => PingManifest,
        LinkProbe.Pong => PongManifest,
        LinkProbe.CanYouReach => CanYouReachManifest,
        LinkProbe.Reach => ReachManifest,
        _ => throw NotAProbeMessage(o),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        LinkProbe.Ping ping => WriteId(ping.Id),
        LinkProbe.Pong pong => WriteId(pong.Id),
        LinkProbe.CanYouReach question => WriteAddressed(question.Member, question.Id, reached: null),
        LinkProbe.Reach reach => WriteAddressed(reach.Member, reach.Id, reach.Reached),
        _ => throw NotAProbeMessage(obj),
    };

    public override object FromBinary(byte[] bytes, string manifest)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return manifest switch
        {
            PingManifest => new LinkProbe.Ping(ReadId(bytes, "LinkProbe.Ping (manifest P)")),
            PongManifest => new LinkProbe.Pong(ReadId(bytes, "LinkProbe.Pong (manifest Q)")),
            CanYouReachManifest => ReadCanYouReach(bytes),
            ReachManifest => ReadReach(bytes),
            _ => throw new SerializationException(
                $"Unknown manifest '{manifest}' for the link probe serializer (id {Id}), which reads P, Q, C, V: the sender runs a version of MediaActors with messages this node does not know."),
        };
    }

    private static byte[] WriteId(long id)
    {
        var writer = new WireWriter(1 + sizeof(long), FormatVersion);
        writer.WriteInt64(id);
        return writer.ToArray();
    }

    private static long ReadId(byte[] bytes, string what)
    {
        var reader = new WireReader(bytes, what);
        reader.ReadVersion(FormatVersion);
        var id = reader.ReadInt64("the id");
        reader.End();
        return id;
    }

    private static byte[] WriteAddressed(Address member, long id, bool? reached)
    {
        var address = member.ToString();
        var writer = new WireWriter(1 + WireWriter.Utf8Size(address) + sizeof(long) + (reached is null ? 0 : 1), FormatVersion);
        writer.WriteUtf8(address);
        writer.WriteInt64(id);
        if (reached is { } answer)
        {
            writer.WriteByte(answer ? (byte)1 : (byte)0);
        }

        return writer.ToArray();
    }

    private static LinkProbe.CanYouReach ReadCanYouReach(byte[] bytes)
    {
        var reader = new WireReader(bytes, "LinkProbe.CanYouReach (manifest C)");
        reader.ReadVersion(FormatVersion);
        var member = ReadAddress(ref reader);
        var id = reader.ReadInt64("the id");
        reader.End();
        return new LinkProbe.CanYouReach(member, id);
    }

    private static LinkProbe.Reach ReadReach(byte[] bytes)
    {
        var reader = new WireReader(bytes, "LinkProbe.Reach (manifest V)");
        reader.ReadVersion(FormatVersion);
        var member = ReadAddress(ref reader);
        var id = reader.ReadInt64("the id");
        var reached = reader.ReadByte("the answer");
        if (reached > 1)
        {
            throw reader.Invalid($"the answer is {reached}, which is neither 0 (not reached) nor 1 (reached)");
        }

        reader.End();
        return new LinkProbe.Reach(member, id, reached == 1);
    }

    private static Address ReadAddress(ref WireReader reader)
    {
        var text = reader.ReadNonEmptyUtf8("the member's address");
        try
        {
            return Address.Parse(text);
        }
        catch (Exception e)
        {
            // Akka's parser throws what its Uri parsing throws; any of it means the same here.
            throw reader.Invalid($"the member's address '{text}' is not an actor system address", e);
        }
    }

    private static ArgumentException NotAProbeMessage(object? message) =>
        new($"The link probe serializer (id {Id}) does not handle {message?.GetType().FullName ?? "null"}; check akka.actor.serialization-bindings.", nameof(message));
}
