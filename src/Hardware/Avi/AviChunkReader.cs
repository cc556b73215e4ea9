using System.Buffers.Binary;
using System.Text;

namespace MediaActors.Hardware.Avi;

/// <summary>
/// Pulls video frames out of an AVI byte stream while it is still being written (ffmpeg's stdout).
/// AVI prefixes every frame with its length, so a frame is complete the moment its chunk is, unlike raw
/// Annex-B where an access unit only ends when the next one's start code arrives. The reader never
/// seeks, holds at most one frame, and walks the RIFF tree flat: it descends into 'RIFF' and the
/// 'movi'/'rec ' lists, returns '##dc'/'##db' payloads and skips everything else (header lists, 'JUNK',
/// 'ix##', 'idx1').
/// </summary>
internal sealed class AviChunkReader
{
    /// <summary>Default cap on one frame; a 4K intra frame at high quality stays well below it.</summary>
    public const int DefaultMaxChunkBytes = 8 * 1024 * 1024;

    private const int ChunkHeaderBytes = 8;
    private const int FourCcBytes = 4;

    private readonly Stream stream;
    private readonly int maxChunkBytes;
    private readonly byte[] header = new byte[ChunkHeaderBytes + FourCcBytes];
    private readonly byte[] skipBuffer = new byte[4096];
    private bool fileHeaderRead;

    /// <param name="stream">The AVI bytes; read sequentially, never sought.</param>
    /// <param name="maxChunkBytes">Larger video chunks are rejected, so a corrupt length cannot exhaust memory.</param>
    public AviChunkReader(Stream stream, int maxChunkBytes = DefaultMaxChunkBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxChunkBytes);
        this.stream = stream;
        this.maxChunkBytes = maxChunkBytes;
    }

    /// <summary>Reads up to and including the next video chunk.</summary>
    /// <returns>
    /// The chunk's payload in a new array the caller owns (a frame outlives this read and is shared by
    /// every consumer, so it cannot come from a reused buffer), or null when the stream ends between chunks.
    /// </returns>
    /// <exception cref="InvalidDataException">The stream is not AVI, or a video chunk exceeds the cap.</exception>
    /// <exception cref="EndOfStreamException">The stream ended inside a chunk.</exception>
    public async ValueTask<byte[]?> ReadNextVideoChunkAsync(CancellationToken cancellationToken)
    {
        if (!fileHeaderRead)
        {
            if (!await TryReadFileHeaderAsync(cancellationToken))
            {
                return null;
            }

            fileHeaderRead = true;
        }

        while (await ReadAsync(header.AsMemory(0, ChunkHeaderBytes), "a chunk header", cancellationToken))
        {
            var id = Encoding.ASCII.GetString(header, 0, FourCcBytes);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(FourCcBytes));
            switch (id)
            {
                case "RIFF": // OpenDML files continue in further 'RIFF AVIX' blocks after the first gigabyte.
                    await ReadFourCcAsync(id, cancellationToken);
                    break;
                case "LIST":
                    var listType = await ReadFourCcAsync(id, cancellationToken);
                    if (listType is not ("movi" or "rec "))
                    {
                        await SkipAsync(PaddedLength(size) - FourCcBytes, $"LIST '{listType}'", cancellationToken);
                    }

                    break;
                default:
                    if (IsVideoChunk(id))
                    {
                        return await ReadPayloadAsync(id, size, cancellationToken);
                    }

                    await SkipAsync(PaddedLength(size), $"chunk '{id}'", cancellationToken);
                    break;
            }
        }

        return null;
    }

    private async ValueTask<bool> TryReadFileHeaderAsync(CancellationToken cancellationToken)
    {
        if (!await ReadAsync(header, "the RIFF header", cancellationToken))
        {
            return false;
        }

        if (!header.AsSpan(0, FourCcBytes).SequenceEqual("RIFF"u8) || !header.AsSpan(ChunkHeaderBytes).SequenceEqual("AVI "u8))
        {
            throw new InvalidDataException(
                $"Not an AVI stream: it starts with '{Encoding.ASCII.GetString(header, 0, FourCcBytes)}' and form type " +
                $"'{Encoding.ASCII.GetString(header, ChunkHeaderBytes, FourCcBytes)}' instead of 'RIFF' and 'AVI '.");
        }

        return true;
    }

    private async ValueTask<byte[]> ReadPayloadAsync(string id, uint size, CancellationToken cancellationToken)
    {
        if (size > maxChunkBytes)
        {
            throw new InvalidDataException(
                $"AVI chunk '{id}' claims {size} bytes, more than the {maxChunkBytes}-byte limit; the stream is corrupt.");
        }

        var payload = new byte[size];
        await ReadRequiredAsync(payload, $"chunk '{id}'", cancellationToken);
        if (size % 2 != 0)
        {
            // RIFF pads odd chunks to an even length; a writer that died right here loses nothing.
            await ReadAsync(header.AsMemory(0, 1), $"the pad byte of chunk '{id}'", cancellationToken);
        }

        return payload;
    }

    private async ValueTask<string> ReadFourCcAsync(string parentId, CancellationToken cancellationToken)
    {
        await ReadRequiredAsync(header.AsMemory(0, FourCcBytes), $"the type of '{parentId}'", cancellationToken);
        return Encoding.ASCII.GetString(header, 0, FourCcBytes);
    }

    private async ValueTask SkipAsync(long count, string what, CancellationToken cancellationToken)
    {
        for (var left = count; left > 0; left -= skipBuffer.Length)
        {
            await ReadRequiredAsync(skipBuffer.AsMemory(0, (int)Math.Min(left, skipBuffer.Length)), what, cancellationToken);
        }
    }

    private async ValueTask ReadRequiredAsync(Memory<byte> buffer, string what, CancellationToken cancellationToken)
    {
        if (!await ReadAsync(buffer, what, cancellationToken))
        {
            throw new EndOfStreamException($"The AVI stream ended inside {what}.");
        }
    }

    /// <summary>Fills <paramref name="buffer"/> across short reads.</summary>
    /// <returns>False when the stream ended before the first byte.</returns>
    /// <exception cref="EndOfStreamException">The stream ended after some bytes but before the buffer was full.</exception>
    private async ValueTask<bool> ReadAsync(Memory<byte> buffer, string what, CancellationToken cancellationToken)
    {
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (read > 0 && read < buffer.Length)
        {
            throw new EndOfStreamException($"The AVI stream ended inside {what} after {read} of {buffer.Length} bytes.");
        }

        return read == buffer.Length;
    }

    private static long PaddedLength(uint size) => size + (size % 2);

    /// <summary>'##dc' holds a compressed video frame, '##db' an uncompressed one; ## is the stream number.</summary>
    private static bool IsVideoChunk(string id) =>
        char.IsAsciiDigit(id[0]) && char.IsAsciiDigit(id[1]) && id[2..] is "dc" or "db";
}
