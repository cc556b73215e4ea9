namespace MediaActors.Hardware;

/// <summary>Size, rate and pixel layout of the raw frames a sensor produces.</summary>
/// <param name="Width">Width in pixels; even, 16..8192.</param>
/// <param name="Height">Height in pixels; even, 16..8192.</param>
/// <param name="FramesPerSecond">Nominal capture rate, 1..240.</param>
/// <param name="PixelFormat">Memory layout of a frame.</param>
public sealed record VideoFormat(int Width, int Height, int FramesPerSecond, PixelFormat PixelFormat = PixelFormat.Nv12)
{
    /// <summary>Smallest accepted width or height; encoders reject anything below one macroblock.</summary>
    public const int MinDimension = 16;

    /// <summary>Largest accepted width or height (8K), which bounds a frame buffer to ~100 MB.</summary>
    public const int MaxDimension = 8192;

    /// <summary>Highest accepted frame rate.</summary>
    public const int MaxFramesPerSecond = 240;

    /// <summary>Bytes in one frame: NV12 carries 1.5 bytes per pixel (Y, plus U and V at quarter resolution).</summary>
    public int FrameSizeBytes => Width * Height * 3 / 2;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> for <paramref name="parameterName"/> unless
    /// <paramref name="length"/> is exactly one frame: what every sensor and encoder checks of the
    /// buffers it is handed.
    /// </summary>
    internal void RequireWholeFrame(int length, string parameterName)
    {
        if (length != FrameSizeBytes)
        {
            throw new ArgumentException(
                $"{parameterName} holds {length} bytes but one {Width}x{Height} NV12 frame needs exactly {FrameSizeBytes}.", parameterName);
        }
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field that is out of range.</summary>
    /// <returns>This instance, so a constructor can validate and store in one expression.</returns>
    public VideoFormat Validate()
    {
        RequireEvenDimension(Width, nameof(Width));
        RequireEvenDimension(Height, nameof(Height));
        if (FramesPerSecond is < 1 or > MaxFramesPerSecond)
        {
            throw new ArgumentOutOfRangeException(nameof(FramesPerSecond), FramesPerSecond,
                $"{nameof(FramesPerSecond)} must be between 1 and {MaxFramesPerSecond}.");
        }

        if (!Enum.IsDefined(PixelFormat))
        {
            throw new ArgumentOutOfRangeException(nameof(PixelFormat), PixelFormat, "Unknown pixel format.");
        }

        return this;
    }

    // 4:2:0 chroma covers 2x2 pixel blocks, so an odd size would leave a half-covered column or row.
    private static void RequireEvenDimension(int value, string name)
    {
        if (value is < MinDimension or > MaxDimension || value % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(name, value,
                $"{name} must be an even number between {MinDimension} and {MaxDimension}.");
        }
    }
}
