namespace MediaActors.Protocol.Codecs;

/// <summary>
/// The Annex-B byte stream format (ITU-T H.264 / H.265 Annex B): NAL units separated by
/// 00 00 01 or 00 00 00 01 start codes, as hardware encoders and ffmpeg emit them.
/// </summary>
public static class AnnexB
{
    /// <summary>The three-byte start code; a four-byte start code is a zero byte followed by it.</summary>
    private static ReadOnlySpan<byte> StartCode => [0x00, 0x00, 0x01];

    /// <summary>
    /// Appends the NAL units of <paramref name="data"/> to <paramref name="output"/>, in order.
    /// Start codes and trailing zero bytes (trailing_zero_8bits, and the leading zero of a 4-byte
    /// start code) are excluded; empty NAL units are skipped. Bytes before the first start code
    /// count as one NAL unit, so a caller that hands over a bare NAL without a start code still
    /// gets it back.
    /// </summary>
    /// <remarks>
    /// A NAL unit never ends with a zero byte (its RBSP ends with the stop bit, and emulation
    /// prevention keeps 00 00 01 out of its body), so trimming zeros and searching for the
    /// three-byte pattern with the vectorised <see cref="MemoryExtensions.IndexOf{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>
    /// is both exact and fast.
    /// </remarks>
    public static void Split(ReadOnlySpan<byte> data, List<NalUnitRange> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var nalStart = 0;
        while (true)
        {
            var found = data[nalStart..].IndexOf(StartCode);
            if (found < 0)
            {
                AddTrimmed(data, nalStart, data.Length, output);
                return;
            }

            var startCodeAt = nalStart + found;
            AddTrimmed(data, nalStart, startCodeAt, output);
            nalStart = startCodeAt + StartCode.Length;
        }
    }

    /// <summary>
    /// The packs of an Annex-B buffer given its NAL units (from <see cref="Split"/>): each NAL unit
    /// with the start code in front of it, the way encoders hand them out one by one (the K230
    /// VENC's StreamData packs). The packs cover all <paramref name="dataLength"/> bytes without
    /// gaps: a pack ends where the next one's start code begins.
    /// </summary>
    public static NalUnitRange[] PacksOf(IReadOnlyList<NalUnitRange> nalUnits, int dataLength)
    {
        ArgumentNullException.ThrowIfNull(nalUnits);
        var packs = new NalUnitRange[nalUnits.Count];
        var packStart = 0;
        for (var i = 0; i < packs.Length; i++)
        {
            // Split trims each NAL unit, so what lies between two of them is the next start code.
            var packEnd = i + 1 < packs.Length ? nalUnits[i].Offset + nalUnits[i].Length : dataLength;
            packs[i] = new NalUnitRange(packStart, packEnd - packStart);
            packStart = packEnd;
        }

        return packs;
    }

    /// <summary>
    /// Writes NAL units (without start codes) as one Annex-B buffer, each behind a four-byte start
    /// code, and returns the packs (NAL unit plus its start code) within it.
    /// </summary>
    public static byte[] Join(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, out NalUnitRange[] packs)
    {
        ArgumentNullException.ThrowIfNull(nalUnits);
        var length = 0;
        foreach (var nal in nalUnits)
        {
            length += FourByteStartCode.Length + nal.Length;
        }

        var data = GC.AllocateUninitializedArray<byte>(length);
        packs = new NalUnitRange[nalUnits.Count];
        var offset = 0;
        for (var i = 0; i < packs.Length; i++)
        {
            var nal = nalUnits[i].Span;
            FourByteStartCode.CopyTo(data.AsSpan(offset));
            nal.CopyTo(data.AsSpan(offset + FourByteStartCode.Length));
            packs[i] = new NalUnitRange(offset, FourByteStartCode.Length + nal.Length);
            offset += packs[i].Length;
        }

        return data;
    }

    private static ReadOnlySpan<byte> FourByteStartCode => [0x00, 0x00, 0x00, 0x01];

    private static void AddTrimmed(ReadOnlySpan<byte> data, int start, int end, List<NalUnitRange> output)
    {
        while (end > start && data[end - 1] == 0)
        {
            end--;
        }

        if (end > start)
        {
            output.Add(new NalUnitRange(start, end - start));
        }
    }
}
