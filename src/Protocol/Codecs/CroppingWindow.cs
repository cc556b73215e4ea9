namespace MediaActors.Protocol.Codecs;

/// <summary>
/// The window an SPS cuts from the coded picture to give the displayed one: H.264's frame cropping
/// (frame_crop_*_offset, 7.4.2.1.1) and H.265's conformance window (conf_win_*_offset, 7.4.3.2.1)
/// are the same four ue(v) offsets (left, right, top, bottom), each in a codec-specific unit.
/// </summary>
internal static class CroppingWindow
{
    /// <summary>
    /// Reads the four offsets and returns the displayed size of a <paramref name="width"/> x
    /// <paramref name="height"/> coded picture, the offsets counted in <paramref name="unit"/>s.
    /// </summary>
    /// <exception cref="InvalidDataException">The window leaves nothing of the picture.</exception>
    public static (int Width, int Height) Apply(ref BitReader reader, long width, long height, (int X, int Y) unit)
    {
        long left = reader.ReadUnsignedExpGolomb();
        long right = reader.ReadUnsignedExpGolomb();
        long top = reader.ReadUnsignedExpGolomb();
        long bottom = reader.ReadUnsignedExpGolomb();
        width -= unit.X * (left + right);
        height -= unit.Y * (top + bottom);
        if (width <= 0 || height <= 0)
        {
            throw new InvalidDataException("The cropping window removes the whole picture.");
        }

        return ((int)width, (int)height);
    }
}
