using System.Globalization;
using System.Text;
using MediaActors.Protocol.Codecs.H265;
using MediaActors.Protocol.Mp4;

namespace MediaActors.Protocol.Formats;

/// <summary>
/// H.265 in MP4 (ISO/IEC 14496-15 8.3 and 8.4): an hvc1 sample entry whose hvcC
/// (HEVCDecoderConfigurationRecord) carries the SPS's profile, tier and level and the VPS, SPS and
/// PPS, and the codecs string of 14496-15 Annex E, e.g. "hvc1.1.6.L93.B0".
/// </summary>
/// <remarks>
/// hvc1 (rather than hev1) tells players that the sample entry holds every parameter set, which
/// Safari requires; the samples may repeat them in-band all the same.
/// </remarks>
internal static class H265Mp4SampleEntry
{
    private const byte ConfigurationVersion = 1;

    /// <summary>Samples give each NAL unit's size in <see cref="Mp4VideoSample.LengthSize"/> bytes; the record states that size minus one.</summary>
    private const int LengthSizeMinusOne = Mp4VideoSample.LengthSize - 1;

    /// <summary>The four reserved bits above min_spatial_segmentation_idc, which is left 0 (no indication).</summary>
    private const ushort ReservedAboveMinSpatialSegmentation = 0xF000;

    /// <summary>The reserved bits in front of a 2-bit field (parallelismType, chromaFormat) are all ones.</summary>
    private const byte ReservedBitsAbove2 = 0xFC;

    /// <summary>The reserved bits in front of a 3-bit bit depth field are all ones.</summary>
    private const byte ReservedBitsAbove3 = 0xF8;

    /// <summary>array_completeness: the array holds every parameter set of its type, as hvc1 requires.</summary>
    private const byte ArrayComplete = 0x80;

    private const int MinBitDepth = 8;

    /// <summary>general_profile_space 1..3 is written as a letter in front of the profile; 0 as nothing.</summary>
    private static readonly string[] ProfileSpaceLetters = [string.Empty, "A", "B", "C"];

    /// <summary>The sample entry of a stream with these parameter sets (NAL units, header included, no start codes).</summary>
    /// <exception cref="ArgumentException">The SPS cannot be parsed, or the VPS or PPS is empty.</exception>
    public static Mp4SampleEntry Create(ReadOnlyMemory<byte> vps, ReadOnlyMemory<byte> sps, ReadOnlyMemory<byte> pps)
    {
        if (!H265SequenceParameterSet.TryParse(sps.Span, out var parsed))
        {
            throw new ArgumentException("The SPS cannot be parsed, so the MP4 sample entry cannot state the picture size and format.", nameof(sps));
        }

        if (vps.IsEmpty || pps.IsEmpty)
        {
            throw new ArgumentException("The VPS and PPS must not be empty.", vps.IsEmpty ? nameof(vps) : nameof(pps));
        }

        var box = Mp4BoxWriter.ToArray((ref Mp4BoxWriter writer) =>
        {
            var hvc1 = writer.BeginBox("hvc1"u8);
            Mp4SampleEntryFields.WriteVisual(ref writer, parsed.Width, parsed.Height);
            var hvcC = writer.BeginBox("hvcC"u8);
            WriteConfiguration(ref writer, parsed);
            writer.WriteUInt8(3); // numOfArrays
            WriteArray(ref writer, vps.Span);
            WriteArray(ref writer, sps.Span);
            WriteArray(ref writer, pps.Span);
            writer.EndBox(hvcC);
            writer.EndBox(hvc1);
        });
        return new Mp4SampleEntry(Mp4TrackKind.Video, CodecString(parsed.ProfileTierLevel), box, parsed.Width, parsed.Height, SampleRate: 0, Channels: 0);
    }

    /// <summary>
    /// 14496-15 Annex E: "hvc1.", the profile space letter and profile_idc, the compatibility flags
    /// in reverse bit order in hex, L or H (tier) and level_idc, then each constraint byte in hex
    /// with the trailing zero bytes left out.
    /// </summary>
    private static string CodecString(H265ProfileTierLevel profile)
    {
        var text = new StringBuilder("hvc1.");
        text.Append(ProfileSpaceLetters[profile.ProfileSpace])
            .Append(profile.ProfileId.ToString(CultureInfo.InvariantCulture))
            .Append('.')
            .Append(ReverseBits(profile.ProfileCompatibilityFlags).ToString("X", CultureInfo.InvariantCulture))
            .Append('.')
            .Append(profile.TierFlag ? 'H' : 'L')
            .Append(profile.LevelId.ToString(CultureInfo.InvariantCulture));

        const int ConstraintBytes = 6;
        var constraints = profile.ConstraintIndicatorFlags;
        var significantBytes = ConstraintBytes;
        while (significantBytes > 0 && ConstraintByte(constraints, significantBytes - 1) == 0)
        {
            significantBytes--;
        }

        for (var i = 0; i < significantBytes; i++)
        {
            text.Append('.').Append(ConstraintByte(constraints, i).ToString("X", CultureInfo.InvariantCulture));
        }

        return text.ToString();

        static byte ConstraintByte(ulong flags, int index) => (byte)(flags >> (8 * (ConstraintBytes - 1 - index)));
    }

    /// <summary>The record's fields up to lengthSizeMinusOne (14496-15 8.3.3.1.2), from the SPS.</summary>
    private static void WriteConfiguration(ref Mp4BoxWriter writer, H265SequenceParameterSet parsed)
    {
        var profile = parsed.ProfileTierLevel;
        writer.WriteUInt8(ConfigurationVersion);
        writer.WriteUInt8((byte)((profile.ProfileSpace << 6) | (profile.TierFlag ? 0x20 : 0) | profile.ProfileId));
        writer.WriteUInt32(profile.ProfileCompatibilityFlags);
        writer.WriteUInt16((ushort)(profile.ConstraintIndicatorFlags >> 32));
        writer.WriteUInt32((uint)profile.ConstraintIndicatorFlags);
        writer.WriteUInt8(profile.LevelId);
        writer.WriteUInt16(ReservedAboveMinSpatialSegmentation);
        writer.WriteUInt8(ReservedBitsAbove2); // parallelismType 0: unknown
        writer.WriteUInt8((byte)(ReservedBitsAbove2 | parsed.ChromaFormatIdc));
        writer.WriteUInt8((byte)(ReservedBitsAbove3 | (parsed.BitDepthLuma - MinBitDepth)));
        writer.WriteUInt8((byte)(ReservedBitsAbove3 | (parsed.BitDepthChroma - MinBitDepth)));
        writer.WriteUInt16(0); // avgFrameRate: unspecified
        // constantFrameRate 0 (unknown), numTemporalLayers, temporalIdNested, lengthSizeMinusOne
        writer.WriteUInt8((byte)((parsed.MaxSubLayers << 3) | (parsed.TemporalIdNesting ? 0x04 : 0) | LengthSizeMinusOne));
    }

    /// <summary>One array of the record: a complete array of one NAL unit, of the unit's own type.</summary>
    private static void WriteArray(ref Mp4BoxWriter writer, ReadOnlySpan<byte> nal)
    {
        writer.WriteUInt8((byte)(ArrayComplete | (byte)H265Nal.TypeOf(nal)));
        writer.WriteUInt16(1); // numNalus
        writer.WriteUInt16((ushort)nal.Length);
        writer.WriteBytes(nal);
    }

    /// <summary>general_profile_compatibility_flag[j] sits at bit 31 - j; the codecs string puts it at bit j.</summary>
    private static uint ReverseBits(uint value)
    {
        uint reversed = 0;
        for (var bit = 0; bit < 32; bit++)
        {
            reversed = (reversed << 1) | ((value >> bit) & 1);
        }

        return reversed;
    }
}
