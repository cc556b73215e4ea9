namespace MediaActors.Protocol.Codecs.G711;

/// <summary>
/// The SDP description of G.711 audio: static payload types of RFC 3551 section 6, so the rtpmap
/// is informative and there is no fmtp.
/// </summary>
public static class G711Sdp
{
    /// <summary>G.711 is sampled at 8 kHz, one byte per sample, so the RTP clock counts bytes.</summary>
    public const int ClockRate = 8000;

    /// <summary>RFC 3551 table 4: PCMU is 0.</summary>
    public const int MuLawPayloadType = 0;

    /// <summary>RFC 3551 table 4: PCMA is 8.</summary>
    public const int ALawPayloadType = 8;

    /// <summary>The static payload type of <paramref name="law"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="law"/> is not a defined value.</exception>
    public static int PayloadType(G711Law law) => law switch
    {
        G711Law.MuLaw => MuLawPayloadType,
        G711Law.ALaw => ALawPayloadType,
        _ => throw new ArgumentOutOfRangeException(nameof(law), law, "Unknown G.711 law."),
    };

    /// <summary>
    /// The a=rtpmap encoding, "PCMU/8000" or "PCMA/8000". The channel count is left out because
    /// one channel is the default (RFC 4566 6), as live555 and the K230 server write it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="law"/> is not a defined value.</exception>
    public static string RtpMap(G711Law law) => law switch
    {
        G711Law.MuLaw => "PCMU/8000",
        G711Law.ALaw => "PCMA/8000",
        _ => throw new ArgumentOutOfRangeException(nameof(law), law, "Unknown G.711 law."),
    };
}
