using System.Buffers.Binary;

namespace MediaActors.Protocol.Mp4;

/// <summary>Writes the content of a box (or several) through <paramref name="writer"/>, for <see cref="Mp4BoxWriter.ToArray"/>.</summary>
internal delegate void Mp4BoxWriting(ref Mp4BoxWriter writer);

/// <summary>
/// Writes ISO BMFF boxes (ISO/IEC 14496-12 4.2), big-endian, into a span, or only counts the
/// bytes they take. Running the same writing code once counting and once writing is how a box's
/// size is known before its buffer is allocated (<see cref="ToArray"/>, <see cref="Mp4Fragment.Size"/>),
/// without a second copy of the layout that could drift from the first.
/// </summary>
/// <remarks>
/// A box is begun with its header and a size of zero, and <see cref="EndBox"/> writes the size once
/// its content is written, so nested boxes need no size arithmetic. Writing past the end of the
/// span throws <see cref="ArgumentOutOfRangeException"/>.
/// </remarks>
internal ref struct Mp4BoxWriter
{
    /// <summary>A 32-bit size and a four-character type.</summary>
    public const int BoxHeaderSize = 8;

    /// <summary>A full box adds a version byte and 24 bits of flags to the header.</summary>
    public const int FullBoxHeaderSize = BoxHeaderSize + 4;

    /// <summary>An MPEG-4 descriptor (ISO/IEC 14496-1 8.3.3) is written here with a one-byte size, so its body is at most 127 bytes.</summary>
    private const int MaxOneByteDescriptorSize = 0x7F;

    private readonly Span<byte> _destination;
    private readonly bool _counting;

    /// <summary>Creates a writer that writes from the start of <paramref name="destination"/>.</summary>
    public Mp4BoxWriter(Span<byte> destination)
    {
        _destination = destination;
        _counting = false;
    }

    private Mp4BoxWriter(bool counting)
    {
        _destination = default;
        _counting = counting;
    }

    /// <summary>How many bytes have been written (or counted) so far.</summary>
    public int Position { get; private set; }

    /// <summary>A writer that writes nothing and only counts the bytes it is given.</summary>
    public static Mp4BoxWriter Counting() => new(counting: true);

    /// <summary>What <paramref name="write"/> writes, in an array of exactly that size.</summary>
    public static byte[] ToArray(Mp4BoxWriting write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var counter = Counting();
        write(ref counter);
        var bytes = new byte[counter.Position];
        var writer = new Mp4BoxWriter(bytes);
        write(ref writer);
        return bytes;
    }

    /// <summary>Writes a box header of type <paramref name="type"/> (four ASCII bytes) with a size to be set by <see cref="EndBox"/>.</summary>
    /// <returns>Where the box starts, for <see cref="EndBox"/>.</returns>
    public int BeginBox(ReadOnlySpan<byte> type)
    {
        var start = Position;
        WriteUInt32(0);
        WriteBytes(type);
        return start;
    }

    /// <summary>Writes a full box header: the box header, then the version and the 24 bits of flags.</summary>
    /// <returns>Where the box starts, for <see cref="EndBox"/>.</returns>
    public int BeginFullBox(ReadOnlySpan<byte> type, byte version, uint flags)
    {
        var start = BeginBox(type);
        WriteUInt32(((uint)version << 24) | flags);
        return start;
    }

    /// <summary>Sets the size of the box begun at <paramref name="start"/> to everything written since.</summary>
    public readonly void EndBox(int start)
    {
        if (!_counting)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_destination[start..], (uint)(Position - start));
        }
    }

    /// <summary>Writes the tag of an MPEG-4 descriptor and a one-byte size to be set by <see cref="EndDescriptor"/>.</summary>
    /// <returns>Where the descriptor starts, for <see cref="EndDescriptor"/>.</returns>
    public int BeginDescriptor(byte tag)
    {
        var start = Position;
        WriteUInt8(tag);
        WriteUInt8(0);
        return start;
    }

    /// <summary>Sets the size of the descriptor begun at <paramref name="start"/> to the bytes written after its size byte.</summary>
    /// <exception cref="InvalidOperationException">The body is longer than a one-byte size can state.</exception>
    public readonly void EndDescriptor(int start)
    {
        var size = Position - start - 2;
        if (size > MaxOneByteDescriptorSize)
        {
            throw new InvalidOperationException($"A descriptor body of {size} bytes needs a longer size field than this writer writes.");
        }

        if (!_counting)
        {
            _destination[start + 1] = (byte)size;
        }
    }

    /// <summary>Writes one byte.</summary>
    public void WriteUInt8(byte value)
    {
        var span = Next(sizeof(byte));
        if (!_counting)
        {
            span[0] = value;
        }
    }

    /// <summary>Writes 16 bits.</summary>
    public void WriteUInt16(ushort value)
    {
        var span = Next(sizeof(ushort));
        if (!_counting)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, value);
        }
    }

    /// <summary>Writes 32 bits.</summary>
    public void WriteUInt32(uint value)
    {
        var span = Next(sizeof(uint));
        if (!_counting)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
        }
    }

    /// <summary>Writes 32 bits, two's complement.</summary>
    public void WriteInt32(int value) => WriteUInt32((uint)value);

    /// <summary>Writes 64 bits.</summary>
    public void WriteUInt64(ulong value)
    {
        var span = Next(sizeof(ulong));
        if (!_counting)
        {
            BinaryPrimitives.WriteUInt64BigEndian(span, value);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> as they are.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        var span = Next(bytes.Length);
        if (!_counting)
        {
            bytes.CopyTo(span);
        }
    }

    /// <summary>Writes <paramref name="count"/> zero bytes: reserved and pre-defined fields.</summary>
    public void WriteZeros(int count)
    {
        var span = Next(count);
        if (!_counting)
        {
            span.Clear();
        }
    }

    /// <summary>The next <paramref name="count"/> bytes of the destination (nothing when counting), and the position moved past them.</summary>
    private Span<byte> Next(int count)
    {
        var start = Position;
        Position = checked(Position + count);
        return _counting ? default : _destination.Slice(start, count);
    }
}
