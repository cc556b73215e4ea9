namespace MediaActors.Protocol.Rtp;

/// <summary>
/// Where the RTP payload formats of NAL-unit codecs (H.264 RFC 6184, H.265 RFC 7798) differ: the
/// size of the NAL unit header and the headers of aggregation and fragmentation packets. Both
/// share everything else: single NAL unit packets, aggregated units each prefixed by a 16-bit
/// size, and a fragmentation header that ends in an FU header of S, E and the unit's type.
/// </summary>
/// <remarks>
/// Implemented by structs with static members only: the generic <see cref="NalUnitPacketizer{TFormat}"/>
/// and <see cref="NalUnitDepacketizer{TFormat}"/> are then compiled once per format, with direct
/// calls on the per-packet path.
/// </remarks>
internal interface INalUnitPayloadFormat
{
    /// <summary>Set in the FU header of the first fragment of a NAL unit.</summary>
    const byte FuStartBit = 0x80;

    /// <summary>Set in the FU header of the last fragment of a NAL unit.</summary>
    const byte FuEndBit = 0x40;

    /// <summary>Each aggregated NAL unit is preceded by its 16-bit size.</summary>
    const int AggregatedSizeFieldSize = 2;

    /// <summary>Size of the NAL unit header; a fragmented unit's header travels in the fragmentation header instead.</summary>
    static abstract int NalHeaderSize { get; }

    /// <summary>Size of the header in front of aggregated units (STAP-A type byte, AP PayloadHdr).</summary>
    static abstract int AggregationHeaderSize { get; }

    /// <summary>Size of the header in front of each fragment; its last byte is the FU header.</summary>
    static abstract int FragmentationHeaderSize { get; }

    /// <summary>True for units that carry picture data; <paramref name="nal"/> holds at least the NAL header.</summary>
    static abstract bool IsVcl(ReadOnlySpan<byte> nal);

    /// <summary>True for units a decoder can start at (IDR, IRAP); <paramref name="nal"/> holds at least the NAL header.</summary>
    static abstract bool IsKeyframe(ReadOnlySpan<byte> nal);

    /// <summary>What kind of packet a (non-empty) payload is; an aggregation or fragmentation kind only when the payload holds at least the NAL header.</summary>
    static abstract NalUnitPayloadKind KindOf(ReadOnlySpan<byte> payload);

    /// <summary>
    /// Writes the aggregation header for <paramref name="count"/> units from <paramref name="start"/>
    /// on, each at least <see cref="NalHeaderSize"/> long.
    /// </summary>
    static abstract void WriteAggregationHeader(Span<byte> header, IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int start, int count);

    /// <summary>
    /// Writes the fragmentation header for <paramref name="nal"/>, with the S and E bits of its FU
    /// header clear: the packetizer sets them per fragment.
    /// </summary>
    static abstract void WriteFragmentationHeader(Span<byte> header, ReadOnlySpan<byte> nal);

    /// <summary>
    /// Rebuilds the NAL unit header from the fragmentation header of a first fragment. False when
    /// that header names a type that cannot be fragmented.
    /// </summary>
    static abstract bool TryRebuildNalHeader(ReadOnlySpan<byte> fragmentationHeader, Span<byte> nalHeader);
}
