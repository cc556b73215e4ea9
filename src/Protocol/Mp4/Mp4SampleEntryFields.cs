namespace MediaActors.Protocol.Mp4;

/// <summary>
/// The fields every visual or audio sample entry starts with (ISO/IEC 14496-12 12.1.3, 12.2.3),
/// between its box header and the codec's own configuration box, which the codec's format writes
/// (<see cref="Formats.VideoCodecFormat.Mp4SampleEntry"/>, <see cref="Formats.AacFormat.Mp4SampleEntry"/>).
/// </summary>
internal static class Mp4SampleEntryFields
{
    /// <summary>72 dpi in 16.16 fixed point, the resolution 14496-12 prescribes.</summary>
    private const uint Resolution72Dpi = 0x0048_0000;

    /// <summary>Colour images with no alpha.</summary>
    private const ushort Depth24Bits = 0x0018;

    /// <summary>compressorname is a fixed 32-byte field: a length byte and up to 31 characters, left empty here.</summary>
    private const int CompressorNameSize = 32;

    /// <summary>Samples refer to the first (only) data reference of the dref: this same file.</summary>
    private const ushort DataReferenceIndex = 1;

    /// <summary>samplesize of an audio entry: 16 bits, what decoders of compressed audio expect to read.</summary>
    private const ushort SampleSize16Bits = 16;

    /// <summary>samplerate is 16.16 fixed point, so rates above this are left to the codec's configuration (0 here).</summary>
    private const int MaxSampleRateInField = ushort.MaxValue;

    /// <summary>The fields of a VisualSampleEntry after its box header: one frame per sample, the picture's size.</summary>
    public static void WriteVisual(ref Mp4BoxWriter writer, int width, int height)
    {
        WriteSampleEntry(ref writer);
        writer.WriteZeros(2 + 2 + (3 * 4)); // pre_defined, reserved, pre_defined
        writer.WriteUInt16(checked((ushort)width));
        writer.WriteUInt16(checked((ushort)height));
        writer.WriteUInt32(Resolution72Dpi); // horizresolution
        writer.WriteUInt32(Resolution72Dpi); // vertresolution
        writer.WriteUInt32(0); // reserved
        writer.WriteUInt16(1); // frame_count
        writer.WriteZeros(CompressorNameSize);
        writer.WriteUInt16(Depth24Bits);
        writer.WriteUInt16(ushort.MaxValue); // pre_defined = -1
    }

    /// <summary>
    /// The fields of an AudioSampleEntry after its box header. A rate beyond 65535 Hz does not fit
    /// the field and is written 0: decoders take the rate from the codec's configuration anyway.
    /// </summary>
    public static void WriteAudio(ref Mp4BoxWriter writer, int channelCount, int sampleRate)
    {
        WriteSampleEntry(ref writer);
        writer.WriteZeros(2 * 4); // reserved
        writer.WriteUInt16(checked((ushort)channelCount));
        writer.WriteUInt16(SampleSize16Bits);
        writer.WriteUInt16(0); // pre_defined
        writer.WriteUInt16(0); // reserved
        writer.WriteUInt32(sampleRate <= MaxSampleRateInField ? (uint)sampleRate << 16 : 0);
    }

    /// <summary>The fields of every SampleEntry: six reserved bytes and the data reference index.</summary>
    private static void WriteSampleEntry(ref Mp4BoxWriter writer)
    {
        writer.WriteZeros(6);
        writer.WriteUInt16(DataReferenceIndex);
    }
}
