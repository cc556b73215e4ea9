using System.Buffers.Binary;
using System.Text;

namespace MediaActors.Cluster;

/// <summary>
/// Writes one message of the camera wire format (little-endian, fixed-width fields) into an array
/// allocated once at its exact size: the caller computes the size first (<see cref="Utf8Size"/> for
/// strings), so nothing is copied or grown on the way.
/// </summary>
internal ref struct WireWriter
{
    private readonly byte[] _buffer;
    private int _position;

    /// <summary>Starts a message of exactly <paramref name="size"/> bytes with the format version.</summary>
    public WireWriter(int size)
    {
        // Every byte is written below, so the array need not be zeroed first (2 MiB for a large frame).
        _buffer = GC.AllocateUninitializedArray<byte>(size);
        WriteByte(CameraMessageSerializer.FormatVersion);
    }

    /// <summary>Bytes a string takes: its length (int32) and its UTF-8 bytes.</summary>
    public static int Utf8Size(string value) => sizeof(int) + Encoding.UTF8.GetByteCount(value);

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
            throw new InvalidOperationException($"Wrote {_position} bytes of a message sized {_buffer.Length}: the size computation is wrong.");
        return _buffer;
    }
}
