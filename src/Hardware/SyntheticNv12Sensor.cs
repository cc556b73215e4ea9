using MediaActors.Hardware.TestPattern;

namespace MediaActors.Hardware;

/// <summary>
/// A simulated camera that renders a moving test pattern (scrolling colour bars, a sliding box and a
/// binary frame counter). The image depends only on the frame index, so a frame can be re-rendered
/// exactly, and rendering 1280x720 costs a fraction of a millisecond.
/// </summary>
public sealed class SyntheticNv12Sensor : ISensor
{
    private readonly Nv12TestPattern pattern;
    private volatile bool started;
    private volatile bool disposed;

    /// <summary>Creates a sensor for <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field of <paramref name="format"/> is out of range.</exception>
    public SyntheticNv12Sensor(VideoFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        Format = format.Validate();
        pattern = new Nv12TestPattern(format.Width, format.Height);
    }

    /// <inheritdoc />
    public VideoFormat Format { get; }

    /// <inheritdoc />
    public void Start()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        started = true;
    }

    /// <inheritdoc />
    public void Stop() => started = false;

    /// <inheritdoc />
    public void Capture(Span<byte> destination, long frameIndex)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!started)
        {
            throw new InvalidOperationException("Capture was called before Start; start the sensor first.");
        }

        Format.RequireWholeFrame(destination.Length, nameof(destination));
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        pattern.Draw(destination, frameIndex);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        started = false;
        disposed = true;
    }
}
