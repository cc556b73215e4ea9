namespace MediaActors.Protocol.Codecs.H264;

/// <summary>What can be read from an H.264 NAL unit without parsing its RBSP.</summary>
public static class H264Nal
{
    /// <summary>The five low bits of the NAL header byte.</summary>
    private const byte TypeMask = 0x1F;

    /// <summary>
    /// The first bit after the header: first_mb_in_slice is ue(v), and the one-bit code "1"
    /// encodes 0. Emulation prevention cannot touch this byte (it needs two zero bytes before it).
    /// </summary>
    private const byte FirstMbInSliceIsZeroBit = 0x80;

    /// <summary>The nal_unit_type of a NAL header byte.</summary>
    public static H264NalUnitType TypeOf(byte header) => (H264NalUnitType)(header & TypeMask);

    /// <summary>True for slice NAL units (types 1 to 5): the ones that carry picture data.</summary>
    public static bool IsVcl(H264NalUnitType type) =>
        type is >= H264NalUnitType.NonIdrSlice and <= H264NalUnitType.IdrSlice;

    /// <summary>
    /// True when <paramref name="nal"/> is the first slice of a picture (first_mb_in_slice == 0).
    /// Encoders that split pictures into slices hand them over one by one; this is how the next
    /// picture is told apart from the next slice of the same picture.
    /// </summary>
    public static bool StartsPicture(ReadOnlySpan<byte> nal) =>
        nal.Length >= 2 && IsVcl(TypeOf(nal[0])) && (nal[1] & FirstMbInSliceIsZeroBit) != 0;
}
