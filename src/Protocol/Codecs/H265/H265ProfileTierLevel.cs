using MediaActors.Protocol.Codecs.H264;

namespace MediaActors.Protocol.Codecs.H265;

/// <summary>
/// The general part of profile_tier_level() (H.265 7.3.3): what RFC 7798 7.1 calls profile-space,
/// tier-flag, profile-id and level-id in the SDP.
/// </summary>
/// <param name="ProfileSpace">general_profile_space; 0 in every profile H.265 defines.</param>
/// <param name="TierFlag">general_tier_flag: false for the Main tier, true for the High tier.</param>
/// <param name="ProfileId">general_profile_idc (1 Main, 2 Main 10, 3 Main Still Picture, 4 range extensions, ...).</param>
/// <param name="ProfileCompatibilityFlags">general_profile_compatibility_flag[0..31], flag 0 in the most significant bit.</param>
/// <param name="ConstraintIndicatorFlags">The 48 bits from general_progressive_source_flag on, in the low 48 bits.</param>
/// <param name="LevelId">general_level_idc: thirty times the level number (93 is level 3.1).</param>
public readonly record struct H265ProfileTierLevel(
    byte ProfileSpace,
    bool TierFlag,
    byte ProfileId,
    uint ProfileCompatibilityFlags,
    ulong ConstraintIndicatorFlags,
    byte LevelId)
{
    /// <summary>
    /// An SPS NAL unit needs this many bytes (after emulation prevention removal) to hold its
    /// general profile_tier_level: the 2-byte header, one byte of VPS id and sub-layer count, and
    /// the 12 bytes of the general profile, tier and level.
    /// </summary>
    internal const int SpsBytesThroughGeneralLevel = H265Nal.HeaderSize + 1 + 12;

    private const int ConstraintIndicatorBits = 48;

    /// <summary>The sps_max_sub_layers_minus1 values H.265 allows (7 is reserved).</summary>
    private const uint MaxSubLayersMinus1Limit = 6;

    /// <summary>profile_tier_level() lists sub-layer presence flags up to this many sub-layers, padded with reserved bits.</summary>
    private const int SubLayerFlagSlots = 8;

    /// <summary>sub_layer_profile_space .. sub_layer_reserved_zero_bit / inbld_flag: the same 88 bits as the general part.</summary>
    private const int SubLayerProfileBits = 88;

    private const int SubLayerLevelBits = 8;

    /// <summary>
    /// Reads the general profile, tier and level of an SPS NAL unit (header included, emulation
    /// prevention bytes not yet removed). Only the first bytes are needed, so an SPS truncated
    /// after them still names its profile. Returns false (never throws) for anything else.
    /// </summary>
    public static bool TryReadFromSps(ReadOnlySpan<byte> spsNal, out H265ProfileTierLevel profileTierLevel)
    {
        profileTierLevel = default;
        if (spsNal.Length < SpsBytesThroughGeneralLevel || H265Nal.TypeOf(spsNal) != H265NalUnitType.Sps)
        {
            return false;
        }

        try
        {
            var reader = new BitReader(EmulationPrevention.ToRbsp(spsNal[H265Nal.HeaderSize..]));
            ReadSpsSubLayerCount(ref reader, out _);
            profileTierLevel = ReadGeneral(ref reader);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads sps_video_parameter_set_id, sps_max_sub_layers_minus1 and sps_temporal_id_nesting_flag,
    /// the fields of an SPS in front of its profile_tier_level.
    /// </summary>
    /// <param name="reader">The reader, at the first bit after the NAL unit header.</param>
    /// <param name="temporalIdNesting">sps_temporal_id_nesting_flag.</param>
    /// <returns>sps_max_sub_layers_minus1.</returns>
    /// <exception cref="InvalidDataException">The bits are missing or the sub-layer count is reserved.</exception>
    internal static int ReadSpsSubLayerCount(ref BitReader reader, out bool temporalIdNesting)
    {
        reader.SkipBits(4); // sps_video_parameter_set_id
        var maxSubLayersMinus1 = reader.ReadBits(3);
        if (maxSubLayersMinus1 > MaxSubLayersMinus1Limit)
        {
            throw new InvalidDataException("sps_max_sub_layers_minus1 is reserved.");
        }

        temporalIdNesting = reader.ReadBit();
        return (int)maxSubLayersMinus1;
    }

    /// <summary>
    /// Reads profile_tier_level(1, maxSubLayersMinus1): the general part, then skips what each
    /// sub-layer announces of its own profile and level.
    /// </summary>
    /// <exception cref="InvalidDataException">The structure is truncated.</exception>
    internal static H265ProfileTierLevel Read(ref BitReader reader, int maxSubLayersMinus1)
    {
        var general = ReadGeneral(ref reader);
        Span<bool> profilePresent = stackalloc bool[SubLayerFlagSlots];
        Span<bool> levelPresent = stackalloc bool[SubLayerFlagSlots];
        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            profilePresent[i] = reader.ReadBit();
            levelPresent[i] = reader.ReadBit();
        }

        if (maxSubLayersMinus1 > 0)
        {
            // reserved_zero_2bits pad the flag pairs to 16 bits
            reader.SkipBits(2 * (SubLayerFlagSlots - maxSubLayersMinus1));
        }

        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            reader.SkipBits((profilePresent[i] ? SubLayerProfileBits : 0) + (levelPresent[i] ? SubLayerLevelBits : 0));
        }

        return general;
    }

    private static H265ProfileTierLevel ReadGeneral(ref BitReader reader)
    {
        var profileSpace = (byte)reader.ReadBits(2);
        var tierFlag = reader.ReadBit();
        var profileId = (byte)reader.ReadBits(5);
        var compatibilityFlags = reader.ReadBits(32);
        var constraintFlags = ((ulong)reader.ReadBits(ConstraintIndicatorBits - 32) << 32) | reader.ReadBits(32);
        var levelId = (byte)reader.ReadBits(8);
        return new H265ProfileTierLevel(profileSpace, tierFlag, profileId, compatibilityFlags, constraintFlags, levelId);
    }
}
