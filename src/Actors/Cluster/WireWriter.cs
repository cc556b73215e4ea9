using System.Buffers.Binary;
using System.Text;
using Akka.Actor;
using MediaActors.Protocol.Formats;

namespace MediaActors.Cluster;

/// <summary>
/// Writes one message of the cluster wire format (little-endian, fixed-width fields), which the
/// camera's and the board catalog's serializers share, into an array
/// allocated once at its exact size: the caller computes the size first (<see cref="Utf8Size"/> for
/// strings), so nothing is copied or grown on the way.
/// </summary>
internal ref struct WireWriter
{
    private readonly byte[] _buffer;
    private int _position;

    /// <summary>Starts a message of exactly <paramref name="size"/> bytes with its serializer's format <paramref name="version"/>.</summary>
    public WireWriter(int size, byte version)
    {
        // Every byte is written below, so the array need not be zeroed first (2 MiB for a large frame).
        _buffer = GC.AllocateUninitializedArray<byte>(size);
        WriteByte(version);
    }

    /// <summary>Bytes a string takes: its length (int32) and its UTF-8 bytes.</summary>
    public static int Utf8Size(string value) => sizeof(int) + Encoding.UTF8.GetByteCount(value);

    /// <summary>
    /// The byte of a codec on the wire (its <see cref="CodecFormat.WireCode"/>: 0 H.264, 1 H.265,
    /// 2 AAC, 3 PCMU, 4 PCMA; read by <see cref="WireReader.ReadCodec"/>).
    /// </summary>
    public static byte CodecCode(Codec codec) => CodecFormat.Of(codec).WireCode;

    /// <summary>
    /// An actor ref goes on the wire as this path (with its uid and, while Akka.Remote serializes,
    /// the node's address), written as a string (<see cref="WriteUtf8"/>, sized by
    /// <see cref="Utf8Size"/>); the reading node resolves it with <see cref="WireReader.ReadActorRef"/>.
    /// </summary>
    public static string PathOf(IActorRef actor) => Akka.Serialization.Serialization.SerializedActorPath(actor);

    public void WriteByte(byte value) => _buffer[_position++] = value;

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_position), value);
        _position += sizeof(int);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_position), value);
        _position += sizeof(long);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    /// <summary>A run of bytes: its length (int32), then the bytes (read by <see cref="WireReader.ReadBlock"/>).</summary>
    public void WriteBlock(ReadOnlySpan<byte> bytes)
    {
        WriteInt32(bytes.Length);
        WriteBytes(bytes);
    }

    public void WriteUtf8(string value)
    {
        var length = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position + sizeof(int)));
        WriteInt32(length);
        _position += length;
    }

    /// <summary>The message; its computed size must have been filled exactly.</summary>
    public readonly byte[] ToArray()
    {
        if (_position != _buffer.Length)
        {
            throw new InvalidOperationException($"Wrote {_position} bytes of a message sized {_buffer.Length}: the size computation is wrong.");
        }

        return _buffer;
    }
}
