namespace MediaActors.Protocol.Rtcp;

/// <summary>A BYE packet (RFC 3550 section 6.6): the listed sources are leaving the session.</summary>
/// <param name="Ssrcs">The departing sources, at most 31.</param>
/// <param name="Reason">Why, for humans; at most 255 bytes of UTF-8; null for none.</param>
public sealed record RtcpGoodbye(IReadOnlyList<uint> Ssrcs, string? Reason) : RtcpPacket(RtcpPacketType.Goodbye)
{
    /// <summary>The reason's length is one byte.</summary>
    internal const int MaxReasonLength = byte.MaxValue;
}
