using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;

namespace MediaActors.Cluster;

/// <summary>
/// Reads one message of the camera wire format (little-endian, fixed-width fields). Every read
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

    /// <summary>The version byte every message starts with; only <see cref="CameraMessageSerializer.FormatVersion"/> is understood.</summary>
    public void ReadVersion()
    {
        var version = ReadByte("the format version");
        if (version != CameraMessageSerializer.FormatVersion)
            throw Invalid($"format version {version} is not one this node reads (it reads version {CameraMessageSerializer.FormatVersion})");
    }

    public byte ReadByte(string field) => Take(1, field)[0];

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int), field));

    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long), field));

    public int ReadNonNegativeInt32(string field)
    {
        var value = ReadInt32(field);
        if (value < 0)
            throw Invalid($"{field} is {value}, which cannot be negative");
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
            throw Invalid($"{field} is {count}, which needs at least {(long)count * minItemBytes} more bytes, but only {Remaining} follow");
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

    /// <summary>Checks that the message ends here.</summary>
    public readonly void End()
    {
        if (Remaining != 0)
            throw Invalid($"{Remaining} bytes follow the end of the message");
    }

    public readonly SerializationException Invalid(string problem, Exception? inner = null) =>
        new($"Cannot read {_message} from {_bytes.Length} bytes: {problem} (at byte {Position}).", inner);

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count > Remaining)
            throw Invalid($"the input ends inside {field}, which needs {count} bytes where {Remaining} are left");
        var span = _bytes.Slice(Position, count);
        Position += count;
        return span;
    }
}
