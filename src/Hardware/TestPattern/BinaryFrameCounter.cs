namespace MediaActors.Hardware.TestPattern;

/// <summary>
/// Draws the frame index as a row of white (1) and black (0) blocks, most significant bit first, so a
/// viewer or a frame grab shows which frame it is, and lost or repeated frames are easy to spot.
/// </summary>
internal static class BinaryFrameCounter
{
    /// <summary>Bits shown; 16 bits wrap after about 36 minutes at 30 fps, long enough to count drops.</summary>
    public const int Bits = 16;

    public static void Draw(Nv12Image image, int left, int top, int blockSize, long frameIndex)
    {
        for (var bit = 0; bit < Bits; bit++)
        {
            var isSet = ((frameIndex >> (Bits - 1 - bit)) & 1) != 0;
            var color = isSet ? YuvColor.White : YuvColor.Black;
            image.FillRectangle(left + bit * blockSize, top, blockSize, blockSize, color);
        }
    }
}
