namespace MediaActors.Protocol.Rtcp;

/// <summary>
/// One chunk of an SDES packet (RFC 3550 section 6.5) reduced to its CNAME, the only item a
/// player needs: it binds the SSRCs of one participant's tracks together for lip sync.
/// </summary>
/// <remarks>
/// <see cref="RtcpCompoundReader"/> yields one of these per chunk that carries a CNAME, so an
/// SDES packet with several chunks (from a mixer) becomes several records.
/// </remarks>
/// <param name="Ssrc">The source the chunk describes.</param>
/// <param name="Cname">The canonical name, e.g. "user@host"; at most 255 bytes of UTF-8.</param>
public sealed record RtcpSourceDescription(uint Ssrc, string Cname) : RtcpPacket(RtcpPacketType.SourceDescription)
{
    /// <summary>The SDES item type of CNAME.</summary>
    internal const byte CnameItem = 1;

    /// <summary>The item type that ends a chunk's item list.</summary>
    internal const byte EndItem = 0;

    /// <summary>An item's text length is one byte.</summary>
    internal const int MaxItemLength = byte.MaxValue;
}
