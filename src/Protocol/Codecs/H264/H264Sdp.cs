namespace MediaActors.Protocol.Codecs.H264;

/// <summary>The SDP format parameters of an H.264 RTP stream (RFC 6184 section 8.1).</summary>
public static class H264Sdp
{
    /// <summary>RFC 6184 8.2.1: H.264 has no static payload type, only the dynamic range.</summary>
    private const int FirstDynamicPayloadType = 96;
    private const int LastDynamicPayloadType = 127;

    /// <summary>An SPS shorter than this (header, profile_idc, constraint flags, level_idc) cannot describe a stream.</summary>
    public const int MinSpsLength = 4;

    /// <summary>The only mode the packetizer uses: single NAL units, STAP-A and FU-A (RFC 6184 6.3).</summary>
    internal const string PacketizationMode = "packetization-mode=1";

    /// <summary>
    /// The value of the a=fmtp attribute after "a=fmtp:&lt;pt&gt; ":
    /// packetization-mode=1;profile-level-id=4D001F;sprop-parameter-sets=&lt;sps&gt;,&lt;pps&gt;.
    /// Players such as ExoPlayer cannot start without sprop-parameter-sets, so both parameter
    /// sets are required.
    /// </summary>
    /// <param name="payloadType">The dynamic payload type the stream uses; validated only.</param>
    /// <param name="sps">The SPS NAL unit, header byte included, no start code.</param>
    /// <param name="pps">The PPS NAL unit, header byte included, no start code.</param>
    /// <exception cref="ArgumentOutOfRangeException">The payload type is not dynamic (96..127).</exception>
    /// <exception cref="ArgumentException">The SPS is shorter than 4 bytes or the PPS is empty.</exception>
    public static string FormatParameters(int payloadType, ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(payloadType, FirstDynamicPayloadType);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, LastDynamicPayloadType);
        return FormatParameters(sps, pps);
    }

    /// <summary>The a=fmtp value for callers that do not know the payload type, such as the assembler.</summary>
    /// <exception cref="ArgumentException">The SPS is shorter than 4 bytes or the PPS is empty.</exception>
    internal static string FormatParameters(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        if (sps.Length < MinSpsLength)
        {
            throw new ArgumentException("The SPS must hold its header and profile_idc, constraint flags and level_idc.", nameof(sps));
        }

        if (pps.IsEmpty)
        {
            throw new ArgumentException("The PPS must not be empty.", nameof(pps));
        }

        var profileLevelId = Convert.ToHexString(sps.Slice(1, 3));
        return $"{PacketizationMode};profile-level-id={profileLevelId};sprop-parameter-sets={Convert.ToBase64String(sps)},{Convert.ToBase64String(pps)}";
    }
}
