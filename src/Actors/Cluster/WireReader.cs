using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using MediaActors.Protocol.Formats;

namespace MediaActors.Cluster;

/// <summary>
/// Reads one message of the cluster wire format (little-endian, fixed-width fields), which the
/// camera's and the board catalog's serializers share. Every read
/// first checks that the bytes are there, and every count is checked against what the input can
/// still hold before anything is allocated for it, so truncated or corrupt input ends in a
/// <see cref="SerializationException"/> that names the message, the field and the byte, never in
/// an <see cref="IndexOutOfRangeException"/> or a huge allocation. (Akka.Remote treats a
/// SerializationException as transient: it logs it, drops that message and keeps the association.)
/// </summary>
internal ref struct WireReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _bytes;
    private readonly string _message;

    /// <param name="bytes">The whole message.</param>
    /// <param name="message">What it should be, for error messages (e.g. "EncodedFrame (manifest F)").</param>
    public WireReader(ReadOnlySpan<byte> bytes, string message)
    {
        _bytes = bytes;
        _message = message;
    }

    /// <summary>Bytes read so far: the index of the next field.</summary>
    public int Position { get; private set; }

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _bytes.Length - Position;

    /// <summary>The version byte every message starts with; only its serializer's <paramref name="version"/> is understood.</summary>
    public void ReadVersion(byte version)
    {
        var read = ReadByte("the format version");
        if (read != version)
        {
            throw Invalid($"format version {read} is not one this node reads (it reads version {version})");
        }
    }

    /// <summary>
    /// The version byte of a message whose layout changed: any version from <paramref name="oldest"/>
    /// to <paramref name="newest"/> is understood, and returned so the caller reads its layout.
    /// </summary>
    public byte ReadVersion(byte oldest, byte newest)
    {
        var read = ReadByte("the format version");
        if (read < oldest || read > newest)
        {
            throw Invalid($"format version {read} is not one this node reads (it reads versions {oldest} to {newest})");
        }

        return read;
    }

    /// <summary>Reads a message without fields: its version byte and nothing after it.</summary>
    public static void ReadEmpty(ReadOnlySpan<byte> bytes, string message, byte version)
    {
        var reader = new WireReader(bytes, message);
        reader.ReadVersion(version);
        reader.End();
    }

    public byte ReadByte(string field) => Take(1, field)[0];

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int), field));

    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long), field));

    public int ReadNonNegativeInt32(string field)
    {
        var value = ReadInt32(field);
        if (value < 0)
        {
            throw Invalid($"{field} is {value}, which cannot be negative");
        }

        return value;
    }

    /// <summary>
    /// The number of items that follow, each at least <paramref name="minItemBytes"/> long: at most
    /// what the rest of the input can hold, so a corrupt count cannot make the reader allocate more
    /// than the input's own size.
    /// </summary>
    public int ReadCount(string field, int minItemBytes)
    {
        var count = ReadNonNegativeInt32(field);
        if (count > Remaining / minItemBytes)
        {
            throw Invalid($"{field} is {count}, which needs at least {(long)count * minItemBytes} more bytes, but only {Remaining} follow");
        }

        return count;
    }

    /// <summary>A string: its length in bytes (int32), then that many bytes of UTF-8, which must be valid.</summary>
    public string ReadUtf8(string field)
    {
        var bytes = Take(ReadNonNegativeInt32(field + "'s length"), field);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException error)
        {
            throw Invalid($"{field} is not valid UTF-8", error);
        }
    }

    /// <summary>A string that must not be empty (a name).</summary>
    public string ReadNonEmptyUtf8(string field)
    {
        var value = ReadUtf8(field);
        if (value.Length == 0)
        {
            throw Invalid($"{field} is empty");
        }

        return value;
    }

    /// <summary>
    /// A run of bytes: its length (int32), then that many bytes. Answers where they lie in the
    /// message, so the caller can wrap the received array instead of copying them.
    /// </summary>
    public (int Offset, int Length) ReadBlock(string field)
    {
        var length = ReadNonNegativeInt32("the length of " + field);
        var offset = Position;
        Take(length, field);
        return (offset, length);
    }

    /// <summary>
    /// A codec (one byte, see <see cref="WireWriter.CodecCode"/>) of the kind <paramref name="kind"/>
    /// (<see cref="CodecFormat.IsVideo"/> or <see cref="CodecFormat.IsAudio"/>; any when null); any
    /// other code is refused, naming the codes this field takes.
    /// </summary>
    public Codec ReadCodec(string field, Func<Codec, bool>? kind = null)
    {
        var code = ReadByte(field);
        if (CodecFormat.TryFromWireCode(code, out var format) && (kind is null || kind(format.Codec)))
        {
            return format.Codec;
        }

        var codes = CodecFormat.All.Where(known => kind is null || kind(known.Codec)).Select(known => $"{known.WireCode} ({known.Name})");
        throw Invalid($"{field} is {code}, which is not {string.Join(" or ", codes)}");
    }

    /// <summary>
    /// An actor ref: its path (a string, written from <see cref="WireWriter.PathOf"/>), which must
    /// parse as an actor path, resolved to an actor ref of this node by <paramref name="actorRefs"/>.
    /// </summary>
    public IActorRef ReadActorRef(string field, IActorRefProvider actorRefs)
    {
        var path = ReadUtf8(field);
        return Resolve(path, actorRefs) ?? throw Invalid($"{field} '{path}' is not an actor path");
    }

    /// <summary>Checks that the message ends here.</summary>
    public readonly void End()
    {
        if (Remaining != 0)
        {
            throw Invalid($"{Remaining} bytes follow the end of the message");
        }
    }

    public readonly SerializationException Invalid(string problem, Exception? inner = null) =>
        new($"Cannot read {_message} from {_bytes.Length} bytes: {problem} (at byte {Position}).", inner);

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

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count > Remaining)
        {
            throw Invalid($"the input ends inside {field}, which needs {count} bytes where {Remaining} are left");
        }

        var span = _bytes.Slice(Position, count);
        Position += count;
        return span;
    }
}
