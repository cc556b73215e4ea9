namespace MediaActors.Protocol.Codecs.H265;

/// <summary>
/// What can be read from an H.265 NAL unit without parsing its RBSP. The NAL unit header
/// (H.265 7.3.1.2) is two bytes: forbidden_zero_bit, nal_unit_type (6 bits), nuh_layer_id
/// (6 bits) and nuh_temporal_id_plus1 (3 bits).
/// </summary>
public static class H265Nal
{
    /// <summary>Size of the NAL unit header in bytes.</summary>
    public const int HeaderSize = 2;

    /// <summary>nal_unit_type is the six bits after forbidden_zero_bit in the first byte.</summary>
    internal const byte TypeMask = 0x3F;
    internal const int TypeShift = 1;
    /// <summary>nuh_layer_id straddles the two bytes: its top bit ends byte 0, its five low bits start byte 1.</summary>
    internal const byte LayerIdHighBitMask = 0x01;
    internal const int LayerIdHighBitShift = 5;
    internal const int LayerIdLowBitsShift = 3;
    internal const byte TemporalIdPlus1Mask = 0x07;

    /// <summary>
    /// The first bit after the header: first_slice_segment_in_pic_flag. Emulation prevention
    /// cannot touch this byte (it needs two zero bytes before it).
    /// </summary>
    private const byte FirstSliceSegmentInPicBit = 0x80;

    /// <summary>The nal_unit_type of the first header byte.</summary>
    public static H265NalUnitType TypeOf(byte firstHeaderByte) => (H265NalUnitType)((firstHeaderByte >> TypeShift) & TypeMask);

    /// <summary>The nal_unit_type of a NAL unit (or of its header); only the first byte is needed.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="header"/> is empty.</exception>
    public static H265NalUnitType TypeOf(ReadOnlySpan<byte> header) => TypeOf(header[0]);

    /// <summary>nuh_layer_id: 0 for the base layer, which is all that single-layer encoders produce.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="header"/> is shorter than <see cref="HeaderSize"/>.</exception>
    public static int LayerIdOf(ReadOnlySpan<byte> header) =>
        ((header[0] & LayerIdHighBitMask) << LayerIdHighBitShift) | (header[1] >> LayerIdLowBitsShift);

    /// <summary>TemporalId (nuh_temporal_id_plus1 - 1); -1 for the forbidden value 0 of corrupt input.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="header"/> is shorter than <see cref="HeaderSize"/>.</exception>
    public static int TemporalIdOf(ReadOnlySpan<byte> header) => (header[1] & TemporalIdPlus1Mask) - 1;

    /// <summary>True for slice segment NAL units (types 0 to 31, reserved ones included): the ones that carry picture data.</summary>
    public static bool IsVcl(H265NalUnitType type) => (byte)type <= 31;

    /// <summary>
    /// True for intra random access point slices (BLA, IDR, CRA and the reserved 22, 23): a
    /// decoder can start at such a picture.
    /// </summary>
    public static bool IsIrap(H265NalUnitType type) => type is >= H265NalUnitType.BlaWLp and <= (H265NalUnitType)23;

    /// <summary>
    /// True for the non-VCL types that follow the first slice of their access unit (H.265
    /// 7.4.2.4.4): suffix SEI, the reserved 45..47 and the unspecified 56..63. Every other
    /// non-VCL unit precedes the slices of the picture it belongs to.
    /// </summary>
    public static bool IsSuffix(H265NalUnitType type) => type is
        H265NalUnitType.SuffixSei or
        (>= (H265NalUnitType)45 and <= (H265NalUnitType)47) or
        (>= (H265NalUnitType)56 and <= (H265NalUnitType)63);

    /// <summary>
    /// True when <paramref name="nal"/> is the first slice segment of a picture
    /// (first_slice_segment_in_pic_flag). Encoders that split pictures into slices hand them over
    /// one by one; this is how the next picture is told apart from the next slice.
    /// </summary>
    public static bool StartsPicture(ReadOnlySpan<byte> nal) =>
        nal.Length > HeaderSize && IsVcl(TypeOf(nal[0])) && (nal[HeaderSize] & FirstSliceSegmentInPicBit) != 0;
}
