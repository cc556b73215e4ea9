namespace MediaActors.Protocol.Rtp;

/// <summary>
/// The wire constants of RFC 3640 AAC-hbr as this library announces it (sizelength=13,
/// indexlength=3, indexdeltalength=3), shared by the packetizer, the depacketizer and the SDP.
/// </summary>
internal static class AacPayloadFormat
{
    /// <summary>The AU-headers-length field: the total size of the AU headers, in bits.</summary>
    public const int AuHeadersLengthSize = 2;

    /// <summary>Each AU header is 13 bits of size and 3 of index (first) or index-delta (the rest): 16 bits.</summary>
    public const int AuHeaderSize = 2;

    public const int SizeLength = 13;
    public const int IndexLength = 3;

    /// <summary>The largest AU the 13-bit size field can state.</summary>
    public const int MaxAccessUnitSize = (1 << SizeLength) - 1;

    /// <summary>AU-headers-length counts bits in 16 bits, so at most 4095 16-bit AU headers fit one packet.</summary>
    public const int MaxAuHeadersPerPacket = ushort.MaxValue / (AuHeaderSize * 8);

    public const int IndexMask = (1 << IndexLength) - 1;

    /// <summary>An AAC frame holds 1024 samples per channel (960 in a rarely used variant).</summary>
    public const int DefaultSamplesPerAccessUnit = 1024;
}
