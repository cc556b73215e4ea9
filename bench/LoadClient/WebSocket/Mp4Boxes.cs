using System.Buffers.Binary;

namespace MediaActors.LoadClient.WebSocket;

/// <summary>
/// Walks the boxes (ISO/IEC 14496-12 4.2) that lie back to back in a span: each one's type and
/// body. A box whose size runs past the span ends the walk, so a message cut short reads as
/// fewer boxes, never as garbage.
/// </summary>
public ref struct Mp4Boxes(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public bool TryNext(out ReadOnlySpan<byte> type, out ReadOnlySpan<byte> body)
    {
        type = body = default;
        if (_rest.Length < 8)
        {
            return false;
        }

        long size = BinaryPrimitives.ReadUInt32BigEndian(_rest);
        var header = 8;
        if (size == 1)
        {
            if (_rest.Length < 16)
            {
                return false;
            }

            size = (long)BinaryPrimitives.ReadUInt64BigEndian(_rest[8..]);
            header = 16;
        }
        else if (size == 0)
        {
            size = _rest.Length;  // to the end
        }

        if (size < header || size > _rest.Length)
        {
            return false;
        }

        type = _rest.Slice(4, 4);
        body = _rest[header..(int)size];
        _rest = _rest[(int)size..];
        return true;
    }

    /// <summary>The body of the first box of <paramref name="type"/> among those in <paramref name="data"/>.</summary>
    public static bool TryFind(ReadOnlySpan<byte> data, ReadOnlySpan<byte> type, out ReadOnlySpan<byte> body)
    {
        var boxes = new Mp4Boxes(data);
        while (boxes.TryNext(out var found, out body))
        {
            if (found.SequenceEqual(type))
            {
                return true;
            }
        }

        body = default;
        return false;
    }
}
