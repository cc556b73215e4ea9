namespace MediaActors.Hardware.TestPattern;

/// <summary>
/// The synthetic sensor's picture: scrolling colour bars over the top three quarters; below them a grey
/// band with a white box sliding right and a binary frame counter. Every element moves or changes each
/// frame, so an encoder sees real motion and a person sees which frame is which.
/// </summary>
internal sealed class Nv12TestPattern
{
    // Even steps over even periods keep every position even; an odd one would split a chroma pair.
    private const int ScrollPixelsPerFrame = 4;
    private const int BoxPixelsPerFrame = 8;

    private readonly int width;
    private readonly int height;
    private readonly ScrollingColorBars bars;
    private readonly int bandTop;
    private readonly int counterBlockSize;
    private readonly int counterLeft;
    private readonly int counterTop;
    private readonly int boxSize;
    private readonly int boxTop;
    private readonly int boxTravel;

    public Nv12TestPattern(int width, int height)
    {
        this.width = width;
        this.height = height;
        bars = new ScrollingColorBars(width);
        bandTop = Even(height * 3 / 4);
        var bandHeight = height - bandTop;

        counterBlockSize = Math.Max(2, Even(width / (2 * BinaryFrameCounter.Bits)));
        counterLeft = width - BinaryFrameCounter.Bits * counterBlockSize;
        counterTop = bandTop + Even((bandHeight - counterBlockSize) / 2);

        boxSize = Math.Max(2, Even(bandHeight / 2));
        boxTop = bandTop + Even(bandHeight / 4);
        boxTravel = Math.Max(2, counterLeft - boxSize);
    }

    public void Draw(Span<byte> frame, long frameIndex)
    {
        var image = new Nv12Image(frame, width, height);
        bars.Draw(image, 0, bandTop, Advance(frameIndex, ScrollPixelsPerFrame, width));
        image.FillRectangle(0, bandTop, width, height - bandTop, YuvColor.Grey);
        image.FillRectangle(Advance(frameIndex, BoxPixelsPerFrame, boxTravel), boxTop, boxSize, boxSize, YuvColor.White);
        BinaryFrameCounter.Draw(image, counterLeft, counterTop, counterBlockSize, frameIndex);
    }

    /// <summary>Position after <paramref name="frameIndex"/> steps, wrapping at <paramref name="period"/>; overflow-free for any index.</summary>
    private static int Advance(long frameIndex, int step, int period) => (int)(frameIndex % period * step % period);

    private static int Even(int value) => value & ~1;
}
