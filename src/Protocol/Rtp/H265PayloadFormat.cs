using MediaActors.Protocol.Codecs.H265;

namespace MediaActors.Protocol.Rtp;

/// <summary>
/// The wire format of H.265 RTP payloads (RFC 7798) as negotiated here: sprop-max-don-diff 0, so
/// no DONL/DOND fields. Every payload starts with a 2-byte PayloadHdr laid out like a NAL unit
/// header; aggregation packets (AP, type 48) and fragmentation units (FU, type 49) mark themselves
/// through its type.
/// </summary>
internal readonly struct H265PayloadFormat : INalUnitPayloadFormat
{
    /// <summary>F bit and the top bit of LayerId: everything in the first header byte but the type.</summary>
    public const byte ForbiddenAndLayerIdHighMask = 0x81;

    public const byte ForbiddenBit = 0x80;

    /// <summary>PayloadHdr plus the 1-byte FU header.</summary>
    private const int FuHeaderSize = H265Nal.HeaderSize + 1;

    /// <inheritdoc/>
    public static int NalHeaderSize => H265Nal.HeaderSize;

    /// <summary>The AP PayloadHdr.</summary>
    public static int AggregationHeaderSize => H265Nal.HeaderSize;

    /// <summary>PayloadHdr plus FU header.</summary>
    public static int FragmentationHeaderSize => FuHeaderSize;

    /// <inheritdoc/>
    public static bool IsVcl(ReadOnlySpan<byte> nal) => H265Nal.IsVcl(H265Nal.TypeOf(nal));

    /// <inheritdoc/>
    public static bool IsKeyframe(ReadOnlySpan<byte> nal) => H265Nal.IsIrap(H265Nal.TypeOf(nal));

    /// <summary>
    /// Types 0..47 are NAL units, 48 and 49 the packets above; PACI (50) and the unspecified 51..63
    /// are not negotiated. TID 0 (nuh_temporal_id_plus1 = 0) is forbidden in every header.
    /// </summary>
    public static NalUnitPayloadKind KindOf(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < H265Nal.HeaderSize || H265Nal.TemporalIdOf(payload) < 0)
        {
            return NalUnitPayloadKind.Unsupported;
        }

        return H265Nal.TypeOf(payload) switch
        {
            < H265NalUnitType.AggregationPacket => NalUnitPayloadKind.SingleNalUnit,
            H265NalUnitType.AggregationPacket => NalUnitPayloadKind.Aggregation,
            H265NalUnitType.FragmentationUnit => NalUnitPayloadKind.Fragmentation,
            _ => NalUnitPayloadKind.Unsupported,
        };
    }

    /// <summary>
    /// RFC 7798 4.4.2: F is set if any unit has it; LayerId and TID are the lowest of the units'.
    /// TID is compared as nuh_temporal_id_plus1, which orders the same way.
    /// </summary>
    public static void WriteAggregationHeader(Span<byte> header, IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int start, int count)
    {
        var forbidden = 0;
        var layerId = int.MaxValue;
        var temporalIdPlus1 = int.MaxValue;
        for (var i = start; i < start + count; i++)
        {
            var nal = nalUnits[i].Span;
            forbidden |= nal[0] & ForbiddenBit;
            layerId = Math.Min(layerId, H265Nal.LayerIdOf(nal));
            temporalIdPlus1 = Math.Min(temporalIdPlus1, H265Nal.TemporalIdOf(nal) + 1);
        }

        WritePayloadHeader(header, forbidden, H265NalUnitType.AggregationPacket, layerId, temporalIdPlus1);
    }

    /// <summary>RFC 7798 4.4.3: the PayloadHdr keeps F, LayerId and TID of the unit; the FU header holds its type.</summary>
    public static void WriteFragmentationHeader(Span<byte> header, ReadOnlySpan<byte> nal)
    {
        header[0] = (byte)((nal[0] & ForbiddenAndLayerIdHighMask) | ((byte)H265NalUnitType.FragmentationUnit << H265Nal.TypeShift));
        header[1] = nal[1];
        header[2] = (byte)H265Nal.TypeOf(nal);
    }

    /// <summary>RFC 7798 4.4.3: FuType must name a NAL unit, not an AP, FU or PACI.</summary>
    public static bool TryRebuildNalHeader(ReadOnlySpan<byte> fragmentationHeader, Span<byte> nalHeader)
    {
        var fuType = fragmentationHeader[FuHeaderSize - 1] & H265Nal.TypeMask;
        if (fuType >= (int)H265NalUnitType.AggregationPacket)
        {
            return false;
        }

        nalHeader[0] = (byte)((fragmentationHeader[0] & ForbiddenAndLayerIdHighMask) | (fuType << H265Nal.TypeShift));
        nalHeader[1] = fragmentationHeader[1];
        return true;
    }

    private static void WritePayloadHeader(Span<byte> header, int forbidden, H265NalUnitType type, int layerId, int temporalIdPlus1)
    {
        header[0] = (byte)(forbidden | ((byte)type << H265Nal.TypeShift) | (layerId >> H265Nal.LayerIdHighBitShift));
        header[1] = (byte)((layerId << H265Nal.LayerIdLowBitsShift) | temporalIdPlus1); // the cast drops LayerId's top bit, written above
    }
}
