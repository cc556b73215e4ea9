using System.Runtime.InteropServices;

namespace MediaActors.Hardware.TestPattern;

/// <summary>A writable view of one NV12 frame: a Y plane, then rows of interleaved U,V pairs at half height.</summary>
internal readonly ref struct Nv12Image
{
    private readonly Span<byte> luma;
    private readonly Span<byte> chroma;

    public Nv12Image(Span<byte> frame, int width, int height)
    {
        Width = width;
        Height = height;
        luma = frame[..(width * height)];
        chroma = frame[(width * height)..];
    }

    public int Width { get; }

    public int Height { get; }

    public Span<byte> LumaRow(int y) => luma.Slice(y * Width, Width);

    /// <summary>Chroma row <paramref name="chromaY"/> covers luma rows 2*chromaY and 2*chromaY+1.</summary>
    public Span<byte> ChromaRow(int chromaY) => chroma.Slice(chromaY * Width, Width);

    /// <summary>
    /// Fills a rectangle, clipped to the image. Edges are rounded down to even coordinates because one
    /// chroma sample covers a 2x2 pixel block; an odd edge would tint a neighbouring pixel.
    /// </summary>
    public void FillRectangle(int x, int y, int width, int height, YuvColor color)
    {
        var left = Math.Clamp(x, 0, Width) & ~1;
        var right = Math.Clamp(x + width, 0, Width) & ~1;
        var top = Math.Clamp(y, 0, Height) & ~1;
        var bottom = Math.Clamp(y + height, 0, Height) & ~1;
        if (right <= left || bottom <= top)
        {
            return;
        }

        for (var row = top; row < bottom; row++)
        {
            LumaRow(row)[left..right].Fill(color.Y);
        }

        var chromaPair = color.ChromaPair;
        for (var chromaRow = top / 2; chromaRow < bottom / 2; chromaRow++)
        {
            MemoryMarshal.Cast<byte, ushort>(ChromaRow(chromaRow)[left..right]).Fill(chromaPair);
        }
    }
}
