using MediaActors.Protocol.Codecs.H264;

namespace MediaActors.Protocol.Rtp;

/// <summary>
/// The wire format of H.264 RTP payloads in packetization mode 1 (RFC 6184): one-byte NAL
/// headers, STAP-A aggregation and FU-A fragmentation.
/// </summary>
internal readonly struct H264PayloadFormat : INalUnitPayloadFormat
{
    /// <summary>F (forbidden_zero_bit) and NRI of a NAL header: copied into STAP-A and FU indicators.</summary>
    public const byte ForbiddenAndNriMask = 0xE0;

    public const byte ForbiddenBit = 0x80;
    public const byte NriMask = 0x60;
    public const byte NalTypeMask = 0x1F;

    /// <inheritdoc/>
    public static int NalHeaderSize => 1;

    /// <summary>The STAP-A header is one byte: F, the highest NRI, type 24.</summary>
    public static int AggregationHeaderSize => 1;

    /// <summary>FU indicator plus FU header.</summary>
    public static int FragmentationHeaderSize => 2;

    /// <inheritdoc/>
    public static bool IsVcl(ReadOnlySpan<byte> nal) => H264Nal.IsVcl(H264Nal.TypeOf(nal[0]));

    /// <inheritdoc/>
    public static bool IsKeyframe(ReadOnlySpan<byte> nal) => H264Nal.TypeOf(nal[0]) == H264NalUnitType.IdrSlice;

    /// <summary>STAP-B, MTAP and FU-B belong to the interleaved mode, which is not negotiated.</summary>
    public static NalUnitPayloadKind KindOf(ReadOnlySpan<byte> payload) => H264Nal.TypeOf(payload[0]) switch
    {
        >= H264NalUnitType.NonIdrSlice and < H264NalUnitType.StapA => NalUnitPayloadKind.SingleNalUnit,
        H264NalUnitType.StapA => NalUnitPayloadKind.Aggregation,
        H264NalUnitType.FuA => NalUnitPayloadKind.Fragmentation,
        _ => NalUnitPayloadKind.Unsupported,
    };

    /// <summary>RFC 6184 5.7.1: the aggregate is as important as its most important unit; F is set if any unit has it.</summary>
    public static void WriteAggregationHeader(Span<byte> header, IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int start, int count)
    {
        var nri = 0;
        var forbidden = 0;
        for (var i = start; i < start + count; i++)
        {
            var nalHeader = nalUnits[i].Span[0];
            nri = Math.Max(nri, nalHeader & NriMask);
            forbidden |= nalHeader & ForbiddenBit;
        }

        header[0] = (byte)(forbidden | nri | (byte)H264NalUnitType.StapA);
    }

    /// <summary>RFC 6184 5.8: the FU indicator keeps F and NRI, the FU header the type.</summary>
    public static void WriteFragmentationHeader(Span<byte> header, ReadOnlySpan<byte> nal)
    {
        header[0] = (byte)((nal[0] & ForbiddenAndNriMask) | (byte)H264NalUnitType.FuA);
        header[1] = (byte)(nal[0] & NalTypeMask);
    }

    /// <inheritdoc/>
    public static bool TryRebuildNalHeader(ReadOnlySpan<byte> fragmentationHeader, Span<byte> nalHeader)
    {
        nalHeader[0] = (byte)((fragmentationHeader[0] & ForbiddenAndNriMask) | (fragmentationHeader[1] & NalTypeMask));
        return true;
    }
}
