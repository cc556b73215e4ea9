using System.Buffers.Binary;
using System.Text;

namespace MediaActors.Protocol.Tests.Mp4;

/// <summary>
/// A box found in MP4 bytes, read independently of the muxer: its type, where it lies, and its
/// children. Tests walk the tree by path ("moov/trak/mdia/mdhd") and read fields with <see cref="Fields"/>.
/// </summary>
/// <param name="Type">The four-character type.</param>
/// <param name="Offset">Where the box (its size field) starts in <paramref name="File"/>.</param>
/// <param name="Size">The box's size, header included.</param>
/// <param name="File">All the bytes the box was read from.</param>
internal sealed record Mp4Box(string Type, int Offset, int Size, byte[] File)
{
    private const int HeaderSize = 8;

    /// <summary>
    /// Boxes whose children do not start right after the header: a full box's version and flags
    /// and an entry count (stsd, dref), or the fields of a sample entry (visual 78 bytes, audio 28).
    /// </summary>
    private static readonly Dictionary<string, int> ChildrenAfter = new()
    {
        ["stsd"] = 8,
        ["dref"] = 8,
        ["avc1"] = 78,
        ["hvc1"] = 78,
        ["mp4a"] = 28,
    };

    /// <summary>Where the body (after size and type) starts.</summary>
    public int BodyOffset => Offset + HeaderSize;

    /// <summary>The body: everything after size and type.</summary>
    public byte[] Body => File.AsSpan(BodyOffset, Size - HeaderSize).ToArray();

    /// <summary>Every box in <paramref name="data"/>, one after another from its start; the last must end exactly at its end.</summary>
    public static IReadOnlyList<Mp4Box> ReadAll(byte[] data) => ReadRange(data, 0, data.Length);

    /// <summary>The boxes inside this one.</summary>
    public IReadOnlyList<Mp4Box> Children() =>
        ReadRange(File, BodyOffset + ChildrenAfter.GetValueOrDefault(Type), Offset + Size);

    /// <summary>The single box at <paramref name="path"/> below this one, e.g. "mdia/minf/stbl".</summary>
    public Mp4Box Find(string path) => FindAll(path).Single();

    /// <summary>Every box at <paramref name="path"/> below this one.</summary>
    public IReadOnlyList<Mp4Box> FindAll(string path)
    {
        IEnumerable<Mp4Box> level = [this];
        foreach (var type in path.Split('/'))
        {
            level = level.SelectMany(box => box.Children()).Where(child => child.Type == type).ToList();
        }

        return level.ToList();
    }

    /// <summary>A reader of the body's fields, from its first byte (a full box's version).</summary>
    public FieldReader Fields() => new(File, BodyOffset);

    private static List<Mp4Box> ReadRange(byte[] data, int start, int end)
    {
        var boxes = new List<Mp4Box>();
        var offset = start;
        while (offset < end)
        {
            Assert.True(end - offset >= HeaderSize, $"{end - offset} bytes left at {offset}, too few for a box header");
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
            var type = Encoding.ASCII.GetString(data, offset + 4, 4);
            Assert.True(size >= HeaderSize && offset + size <= end, $"box {type} at {offset} claims {size} bytes; {end - offset} are left");
            boxes.Add(new Mp4Box(type, offset, size, data));
            offset += size;
        }

        return boxes;
    }
}
