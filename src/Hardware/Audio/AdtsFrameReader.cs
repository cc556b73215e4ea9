namespace MediaActors.Hardware.Audio;

/// <summary>Splits a byte stream of ADTS into whole frames, using each header's frame length; tolerates short reads.</summary>
internal sealed class AdtsFrameReader(Stream stream)
{
    private readonly byte[] header = new byte[Adts.HeaderLength];

    /// <summary>The next frame, header included, or null at a clean end of the stream.</summary>
    /// <exception cref="InvalidDataException">The stream lost sync or ended inside a frame.</exception>
    public async Task<byte[]?> ReadNextFrameAsync(CancellationToken cancellationToken)
    {
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }

        if (read < header.Length)
        {
            throw new InvalidDataException($"The ADTS stream ended {read} bytes into a 7-byte header.");
        }

        if (!Adts.HasSyncWord(header))
        {
            throw new InvalidDataException($"Expected an ADTS sync word 0xFFF but found {header[0]:X2}{header[1]:X2}; the stream is not ADTS or lost sync.");
        }

        var length = Adts.FrameLength(header);
        if (length < header.Length)
        {
            throw new InvalidDataException($"An ADTS header gives a frame length of {length} bytes, shorter than the header itself.");
        }

        var frame = new byte[length];
        header.CopyTo(frame, 0);
        try
        {
            await stream.ReadExactlyAsync(frame.AsMemory(header.Length), cancellationToken);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException($"The ADTS stream ended inside a {length}-byte frame.", exception);
        }

        return frame;
    }
}
