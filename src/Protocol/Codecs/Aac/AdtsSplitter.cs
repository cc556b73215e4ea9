namespace MediaActors.Protocol.Codecs.Aac;

/// <summary>
/// Splits a buffer of ADTS frames into raw AAC access units (headers and CRCs removed) without
/// copying, and tells their config. Never throws on bad input: bytes that are not a frame are
/// skipped up to the next header.
/// </summary>
/// <remarks>
/// Stream-friendly: a frame cut off at the end of the buffer is not consumed, so a caller reading
/// a pipe in chunks keeps the unconsumed tail and prepends it to the next chunk. Frames in
/// sequence are trusted on their headers; after skipped bytes a header counts only when the next
/// sync word follows its frame (or the buffer ends there), so a chance match inside garbage is
/// skipped. One whose claimed length runs past the buffer still makes the caller wait.
/// </remarks>
public static class AdtsSplitter
{
    /// <summary>
    /// Appends the access units of the complete ADTS frames at the start of
    /// <paramref name="data"/> to <paramref name="accessUnits"/> (slices of <paramref name="data"/>).
    /// Stops early before an incomplete frame, and before a frame whose config differs from the
    /// first one's, so that every access unit of one call shares <paramref name="config"/>; call
    /// again with the rest. Frames holding more than one raw data block are skipped: splitting them
    /// needs the AAC bitstream itself.
    /// </summary>
    /// <param name="data">One or more ADTS frames, possibly with garbage or a partial frame.</param>
    /// <param name="accessUnits">Receives the access units, in order.</param>
    /// <param name="config">The config of the access units found, or null when none was found.</param>
    /// <returns>How many bytes were consumed: frames split or skipped, and garbage.</returns>
    public static int Split(ReadOnlyMemory<byte> data, List<ReadOnlyMemory<byte>> accessUnits, out AudioSpecificConfig? config)
    {
        ArgumentNullException.ThrowIfNull(accessUnits);
        config = null;
        AdtsHeader first = default;
        var haveFirst = false;
        var span = data.Span;
        var offset = 0;
        var resynchronising = false;
        while (offset < span.Length)
        {
            var rest = span[offset..];
            if (!AdtsHeader.TryParse(rest, out var header))
            {
                if (MightBeCutOffHeader(rest))
                {
                    break; // possibly the start of a header cut off by the buffer's end
                }

                // Resynchronise on the next 0xFF, which every sync word starts with.
                var next = rest[1..].IndexOf((byte)0xFF);
                offset = next < 0 ? span.Length : offset + 1 + next;
                resynchronising = true;
                continue;
            }

            if (header.FrameLength > rest.Length || (haveFirst && !first.HasSameConfig(header)))
            {
                break;
            }

            if (resynchronising && !StartsLikeHeader(rest[header.FrameLength..]))
            {
                // A real frame is followed by the next sync word or by the buffer's end; this
                // "header" was a chance match inside garbage, so look further.
                offset++;
                continue;
            }

            resynchronising = false;
            if (header.RawDataBlockCount == 1)
            {
                if (!haveFirst)
                {
                    first = header;
                    haveFirst = true;
                    config = header.ToAudioSpecificConfig();
                }

                accessUnits.Add(data.Slice(offset + header.HeaderLength, header.PayloadLength));
            }

            offset += header.FrameLength;
        }

        return offset;
    }

    /// <summary>True when <paramref name="rest"/> is empty or starts with what could be a sync word, possibly cut off.</summary>
    private static bool StartsLikeHeader(ReadOnlySpan<byte> rest) =>
        rest.IsEmpty || (rest[0] == 0xFF && (rest.Length == 1 || (rest[1] & 0xF6) == 0xF0));

    /// <summary>True when <paramref name="rest"/> is too short to parse but starts like a header.</summary>
    private static bool MightBeCutOffHeader(ReadOnlySpan<byte> rest) =>
        rest.Length < AdtsHeader.SizeWithCrc
        && rest[0] == 0xFF
        && (rest.Length == 1 || (rest[1] & 0xF6) == 0xF0)
        && (rest.Length < AdtsHeader.Size || AdtsHeader.HeaderLengthOf(rest) == AdtsHeader.SizeWithCrc); // 7 or 8 bytes only cut off a header with CRC
}
