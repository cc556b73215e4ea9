using System.Buffers.Binary;
using System.Text;

namespace MediaActors.Protocol.Tests.Mp4;

/// <summary>Reads big-endian fields one after another.</summary>
internal sealed class FieldReader(byte[] data, int offset)
{
    /// <summary>Where the next field starts in the data.</summary>
    public int Offset { get; private set; } = offset;

    public byte U8() => data[Advance(1)];

    public ushort U16() => BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(Advance(2)));

    public uint U24() => ((uint)U16() << 8) | U8();

    public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(Advance(4)));

    public int I32() => BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(Advance(4)));

    public ulong U64() => BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(Advance(8)));

    public byte[] Bytes(int count) => data.AsSpan(Advance(count), count).ToArray();

    public string FourCc() => Encoding.ASCII.GetString(Bytes(4));

    /// <summary>A full box's version and flags.</summary>
    public (byte Version, uint Flags) VersionAndFlags() => (U8(), U24());

    public FieldReader Skip(int count)
    {
        Advance(count);
        return this;
    }

    private int Advance(int count)
    {
        var at = Offset;
        Offset += count;
        Assert.True(Offset <= data.Length, $"field at {at} of {count} bytes runs past the end ({data.Length})");
        return at;
    }
}
