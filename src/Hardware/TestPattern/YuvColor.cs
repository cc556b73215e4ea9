using System.Runtime.InteropServices;

namespace MediaActors.Hardware.TestPattern;

/// <summary>A colour in limited-range BT.601 Y'CbCr, the range video encoders and decoders assume.</summary>
internal readonly record struct YuvColor(byte Y, byte U, byte V)
{
    public static readonly YuvColor White = new(235, 128, 128);
    public static readonly YuvColor Black = new(16, 128, 128);
    public static readonly YuvColor Grey = new(126, 128, 128);

    /// <summary>The eight 100% colour bars in the classic order, white to black.</summary>
    public static readonly IReadOnlyList<YuvColor> ColorBars =
    [
        White,
        new(210, 16, 146), // yellow
        new(170, 166, 16), // cyan
        new(145, 54, 34), // green
        new(106, 202, 222), // magenta
        new(81, 90, 240), // red
        new(41, 240, 110), // blue
        Black,
    ];

    /// <summary>
    /// U and V as the two bytes an NV12 chroma row stores them in, read as one ushort so a whole
    /// row segment can be filled with a single Span.Fill.
    /// </summary>
    public ushort ChromaPair
    {
        get
        {
            ReadOnlySpan<byte> pair = [U, V];
            return MemoryMarshal.Read<ushort>(pair);
        }
    }
}
