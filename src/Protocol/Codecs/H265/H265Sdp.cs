namespace MediaActors.Protocol.Codecs.H265;

/// <summary>The SDP format parameters of an H.265 RTP stream (RFC 7798 section 7.1).</summary>
public static class H265Sdp
{
    /// <summary>
    /// The value of the a=fmtp attribute after "a=fmtp:&lt;pt&gt; ":
    /// sprop-vps=&lt;vps&gt;;sprop-sps=&lt;sps&gt;;sprop-pps=&lt;pps&gt;;profile-id=1;tier-flag=0;level-id=93.
    /// Players such as ExoPlayer cannot start without the sprop parameter sets, so all three are
    /// required. profile-space is written only when it is not 0, the value receivers infer when it
    /// is absent. sprop-max-don-diff is absent (0): the packetizer sends NAL units in decoding
    /// order, so no DONL fields are present.
    /// </summary>
    /// <param name="vps">The VPS NAL unit, 2-byte header included, no start code.</param>
    /// <param name="sps">The SPS NAL unit, 2-byte header included, no start code.</param>
    /// <param name="pps">The PPS NAL unit, 2-byte header included, no start code.</param>
    /// <exception cref="ArgumentException">The VPS or PPS is empty, or the SPS is too short to name its profile, tier and level.</exception>
    public static string FormatParameters(ReadOnlySpan<byte> vps, ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        if (vps.IsEmpty)
        {
            throw new ArgumentException("The VPS must not be empty.", nameof(vps));
        }

        if (!H265ProfileTierLevel.TryReadFromSps(sps, out var profile))
        {
            throw new ArgumentException("The SPS must hold its header and general profile, tier and level.", nameof(sps));
        }

        if (pps.IsEmpty)
        {
            throw new ArgumentException("The PPS must not be empty.", nameof(pps));
        }

        var profileSpace = profile.ProfileSpace == 0 ? string.Empty : $";profile-space={profile.ProfileSpace}";
        return $"sprop-vps={Convert.ToBase64String(vps)};sprop-sps={Convert.ToBase64String(sps)};sprop-pps={Convert.ToBase64String(pps)}" +
            $"{profileSpace};profile-id={profile.ProfileId};tier-flag={(profile.TierFlag ? 1 : 0)};level-id={profile.LevelId}";
    }
}
