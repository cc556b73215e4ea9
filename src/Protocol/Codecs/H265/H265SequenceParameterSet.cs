using MediaActors.Protocol.Codecs.H264;

namespace MediaActors.Protocol.Codecs.H265;

/// <summary>
/// The fields of an H.265 sequence parameter set (H.265 7.3.2.2.1) that a streaming server needs:
/// the profile, tier and level for the SDP, and the displayed picture size.
/// </summary>
/// <param name="ProfileTierLevel">The general profile, tier and level.</param>
/// <param name="MaxSubLayers">sps_max_sub_layers_minus1 + 1: how many temporal sub-layers the stream has.</param>
/// <param name="ChromaFormatIdc">chroma_format_idc: 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4.</param>
/// <param name="Width">Displayed width in pixels, after the conformance window.</param>
/// <param name="Height">Displayed height in pixels, after the conformance window.</param>
public sealed record H265SequenceParameterSet(H265ProfileTierLevel ProfileTierLevel, int MaxSubLayers, byte ChromaFormatIdc, int Width, int Height)
{
    /// <summary>
    /// H.265 A.4.1 limits each side to sqrt(8 * MaxLumaPs) luma samples; at level 6.2 (MaxLumaPs
    /// 35651584) that is 16888. Larger values are corrupt input, and rejecting them keeps the size
    /// arithmetic far from overflow.
    /// </summary>
    private const uint MaxLumaSamplesPerSide = 16888;

    /// <summary>sps_seq_parameter_set_id is 0..15.</summary>
    private const uint MaxSequenceParameterSetId = 15;

    private const uint MaxChromaFormatIdc = 3;

    /// <summary>general_profile_idc, the profile-id of RFC 7798 (1 is Main).</summary>
    public byte ProfileId => ProfileTierLevel.ProfileId;

    /// <summary>general_tier_flag, the tier-flag of RFC 7798: false for the Main tier.</summary>
    public bool TierFlag => ProfileTierLevel.TierFlag;

    /// <summary>general_level_idc, the level-id of RFC 7798: thirty times the level number.</summary>
    public byte LevelId => ProfileTierLevel.LevelId;

    /// <summary>
    /// Parses an SPS NAL unit, 2-byte header included, emulation prevention bytes not yet removed.
    /// Returns false (never throws) for anything that is not a well-formed base-layer SPS.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> spsNal, out H265SequenceParameterSet? sps)
    {
        sps = null;
        // An SPS of a higher layer (multi-layer extensions) has a different syntax; only the base
        // layer is streamed.
        if (spsNal.Length < H265ProfileTierLevel.SpsBytesThroughGeneralLevel
            || H265Nal.TypeOf(spsNal) != H265NalUnitType.Sps
            || H265Nal.LayerIdOf(spsNal) != 0)
        {
            return false;
        }

        try
        {
            sps = Parse(EmulationPrevention.ToRbsp(spsNal[H265Nal.HeaderSize..]));
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Reads the SPS fields in syntax order, up to the conformance window.</summary>
    /// <exception cref="InvalidDataException">The SPS is truncated or holds values out of range.</exception>
    private static H265SequenceParameterSet Parse(byte[] rbsp)
    {
        var reader = new BitReader(rbsp);
        int maxSubLayersMinus1 = H265ProfileTierLevel.ReadSpsSubLayerCount(ref reader);
        var profileTierLevel = H265ProfileTierLevel.Read(ref reader, maxSubLayersMinus1);
        if (reader.ReadUnsignedExpGolomb() > MaxSequenceParameterSetId)
        {
            throw new InvalidDataException("sps_seq_parameter_set_id out of range.");
        }

        uint chromaFormatIdc = reader.ReadUnsignedExpGolomb();
        if (chromaFormatIdc > MaxChromaFormatIdc)
        {
            throw new InvalidDataException("chroma_format_idc out of range.");
        }

        if (chromaFormatIdc == 3)
        {
            reader.SkipBits(1); // separate_colour_plane_flag: 4:4:4 crops in luma samples either way
        }

        uint codedWidth = reader.ReadUnsignedExpGolomb(); // pic_width_in_luma_samples
        uint codedHeight = reader.ReadUnsignedExpGolomb(); // pic_height_in_luma_samples
        if (codedWidth is 0 or > MaxLumaSamplesPerSide || codedHeight is 0 or > MaxLumaSamplesPerSide)
        {
            throw new InvalidDataException("Picture size out of range.");
        }

        long width = codedWidth;
        long height = codedHeight;
        if (reader.ReadBit()) // conformance_window_flag
        {
            var (subWidthC, subHeightC) = ChromaSubsampling(chromaFormatIdc);
            long left = reader.ReadUnsignedExpGolomb();
            long right = reader.ReadUnsignedExpGolomb();
            long top = reader.ReadUnsignedExpGolomb();
            long bottom = reader.ReadUnsignedExpGolomb();
            width -= subWidthC * (left + right);
            height -= subHeightC * (top + bottom);
        }

        if (width <= 0 || height <= 0)
        {
            throw new InvalidDataException("The conformance window removes the whole picture.");
        }

        return new H265SequenceParameterSet(profileTierLevel, maxSubLayersMinus1 + 1, (byte)chromaFormatIdc, (int)width, (int)height);
    }

    /// <summary>
    /// SubWidthC / SubHeightC of H.265 table 6-1: conformance window offsets count chroma samples,
    /// so their size in luma samples depends on the chroma subsampling. Monochrome and 4:4:4
    /// (separate colour planes or not) count in luma samples.
    /// </summary>
    private static (int X, int Y) ChromaSubsampling(uint chromaFormatIdc) => chromaFormatIdc switch
    {
        1 => (2, 2),
        2 => (2, 1),
        _ => (1, 1),
    };
}
