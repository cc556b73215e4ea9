namespace MediaActors.Hardware.TestPattern;

/// <summary>
/// Colour bars that scroll horizontally. Each row of the pattern is rendered once, two periods wide,
/// so drawing a frame at any scroll offset is one contiguous slice copy per row and no per-pixel work.
/// </summary>
internal sealed class ScrollingColorBars
{
    private readonly int width;
    private readonly byte[] lumaRow;
    private readonly byte[] chromaRow;

    public ScrollingColorBars(int width)
    {
        this.width = width;
        lumaRow = new byte[2 * width];
        chromaRow = new byte[2 * width];
        for (var x = 0; x < lumaRow.Length; x++)
        {
            lumaRow[x] = BarAt(x).Y;
        }

        // One U,V pair per two pixels, sampled at the pair's left pixel.
        for (var x = 0; x < chromaRow.Length; x += 2)
        {
            var color = BarAt(x);
            chromaRow[x] = color.U;
            chromaRow[x + 1] = color.V;
        }
    }

    /// <summary>Draws the bars over luma rows [<paramref name="top"/>, <paramref name="bottom"/>), both even.</summary>
    /// <param name="shiftPixels">How far the bars have moved left; must be even to keep U,V pairs aligned.</param>
    public void Draw(Nv12Image image, int top, int bottom, int shiftPixels)
    {
        ReadOnlySpan<byte> luma = lumaRow.AsSpan(shiftPixels, width);
        for (var row = top; row < bottom; row++)
        {
            luma.CopyTo(image.LumaRow(row));
        }

        ReadOnlySpan<byte> chroma = chromaRow.AsSpan(shiftPixels, width);
        for (var row = top / 2; row < bottom / 2; row++)
        {
            chroma.CopyTo(image.ChromaRow(row));
        }
    }

    private YuvColor BarAt(int x)
    {
        var bars = YuvColor.ColorBars;
        return bars[x % width * bars.Count / width];
    }
}
