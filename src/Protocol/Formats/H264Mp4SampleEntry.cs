using MediaActors.Protocol.Codecs.H264;
using MediaActors.Protocol.Mp4;

namespace MediaActors.Protocol.Formats;

/// <summary>
/// H.264 in MP4 (ISO/IEC 14496-15 5.3 and 5.4): an avc1 sample entry whose avcC
/// (AVCDecoderConfigurationRecord) carries the SPS and PPS, and the RFC 6381 codecs string
/// "avc1.PPCCLL" from the SPS's profile_idc, constraint flags and level_idc.
/// </summary>
internal static class H264Mp4SampleEntry
{
    private const byte ConfigurationVersion = 1;

    /// <summary>Samples give each NAL unit's size in <see cref="Mp4VideoSample.LengthSize"/> bytes; the record states that size minus one.</summary>
    private const int LengthSizeMinusOne = Mp4VideoSample.LengthSize - 1;

    /// <summary>The reserved bits in front of a 2-bit field (lengthSizeMinusOne, chroma_format) are all ones.</summary>
    private const byte ReservedBitsAbove2 = 0xFC;

    /// <summary>The reserved bits in front of numOfSequenceParameterSets (5 bits) are all ones.</summary>
    private const byte ReservedBitsAbove5 = 0xE0;

    /// <summary>The reserved bits in front of a 3-bit bit depth field are all ones.</summary>
    private const byte ReservedBitsAbove3 = 0xF8;

    private const int MinBitDepth = 8;

    /// <summary>
    /// The profiles for which 14496-15 5.3.3.1 does not end the record with chroma_format, the bit
    /// depths and the SPS extensions: Baseline, Main and Extended, whose SPS states none of them.
    /// (The 2010 edition listed the profiles that have them, 100, 110, 122 and 144, instead; later
    /// editions and FFmpeg write them for every other profile, such as High 4:4:4 Predictive, and
    /// readers of the older list skip what follows it.)
    /// </summary>
    private static ReadOnlySpan<byte> ProfilesWithoutFormatFields => [66, 77, 88];

    /// <summary>The sample entry of a stream with this SPS and PPS (NAL units, header included, no start codes).</summary>
    /// <exception cref="ArgumentException">The SPS cannot be parsed or the PPS is empty.</exception>
    public static Mp4SampleEntry Create(ReadOnlyMemory<byte> sps, ReadOnlyMemory<byte> pps)
    {
        if (!H264SequenceParameterSet.TryParse(sps.Span, out var parsed))
        {
            throw new ArgumentException("The SPS cannot be parsed, so the MP4 sample entry cannot state the picture size.", nameof(sps));
        }

        if (pps.IsEmpty)
        {
            throw new ArgumentException("The PPS must not be empty.", nameof(pps));
        }

        var box = Mp4BoxWriter.ToArray((ref Mp4BoxWriter writer) =>
        {
            var avc1 = writer.BeginBox("avc1"u8);
            Mp4SampleEntryFields.WriteVisual(ref writer, parsed.Width, parsed.Height);
            WriteAvcC(ref writer, parsed, sps.Span, pps.Span);
            writer.EndBox(avc1);
        });
        var codecString = $"avc1.{parsed.ProfileIdc:x2}{parsed.ConstraintFlags:x2}{parsed.LevelIdc:x2}";
        return new Mp4SampleEntry(Mp4TrackKind.Video, codecString, box, parsed.Width, parsed.Height, SampleRate: 0, Channels: 0);
    }

    private static void WriteAvcC(ref Mp4BoxWriter writer, H264SequenceParameterSet parsed, ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        var avcC = writer.BeginBox("avcC"u8);
        writer.WriteUInt8(ConfigurationVersion);
        writer.WriteUInt8(parsed.ProfileIdc); // AVCProfileIndication
        writer.WriteUInt8(parsed.ConstraintFlags); // profile_compatibility
        writer.WriteUInt8(parsed.LevelIdc); // AVCLevelIndication
        writer.WriteUInt8(ReservedBitsAbove2 | LengthSizeMinusOne);
        writer.WriteUInt8(ReservedBitsAbove5 | 1); // numOfSequenceParameterSets
        writer.WriteUInt16((ushort)sps.Length);
        writer.WriteBytes(sps);
        writer.WriteUInt8(1); // numOfPictureParameterSets
        writer.WriteUInt16((ushort)pps.Length);
        writer.WriteBytes(pps);
        if (!ProfilesWithoutFormatFields.Contains(parsed.ProfileIdc))
        {
            writer.WriteUInt8((byte)(ReservedBitsAbove2 | parsed.ChromaFormatIdc));
            writer.WriteUInt8((byte)(ReservedBitsAbove3 | (parsed.BitDepthLuma - MinBitDepth)));
            writer.WriteUInt8((byte)(ReservedBitsAbove3 | (parsed.BitDepthChroma - MinBitDepth)));
            writer.WriteUInt8(0); // numOfSequenceParameterSetExt
        }

        writer.EndBox(avcC);
    }
}
