using MediaActors.Protocol.Codecs.Aac;

namespace MediaActors.Hardware.Audio;

/// <summary>Splits a byte stream of ADTS into whole frames, using each header's frame length; tolerates short reads.</summary>
internal sealed class AdtsFrameReader(Stream stream)
{
    private readonly byte[] header = new byte[AdtsHeader.SizeWithCrc];

    /// <summary>The next frame, header included, with its parsed header; null at a clean end of the stream.</summary>
    /// <exception cref="InvalidDataException">The stream lost sync or ended inside a frame.</exception>
    public async Task<(byte[] Frame, AdtsHeader Header)?> ReadNextFrameAsync(CancellationToken cancellationToken)
    {
        // The fixed header says whether a CRC follows; only with it does the header parse.
        var read = await stream.ReadAtLeastAsync(header.AsMemory(0, AdtsHeader.Size), AdtsHeader.Size, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }

        if (read < AdtsHeader.Size)
        {
            throw new InvalidDataException($"The ADTS stream ended {read} bytes into a {AdtsHeader.Size}-byte header.");
        }

        var headerLength = AdtsHeader.HeaderLengthOf(header);
        await ReadRestAsync(header.AsMemory(AdtsHeader.Size, headerLength - AdtsHeader.Size), headerLength, cancellationToken);
        if (!AdtsHeader.TryParse(header.AsSpan(0, headerLength), out var parsed))
        {
            throw new InvalidDataException(
                $"Expected an ADTS header (sync word 0xFFF, layer 0, a standard sampling rate, a frame longer than its header) but found " +
                $"{Convert.ToHexString(header, 0, headerLength)}; the stream is not ADTS or lost sync.");
        }

        var frame = new byte[parsed.FrameLength];
        header.AsSpan(0, headerLength).CopyTo(frame);
        await ReadRestAsync(frame.AsMemory(headerLength), parsed.FrameLength, cancellationToken);
        return (frame, parsed);
    }

    private async Task ReadRestAsync(Memory<byte> rest, int frameLength, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(rest, cancellationToken);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException($"The ADTS stream ended inside a {frameLength}-byte frame.", exception);
        }
    }
}
