namespace MediaActors.Hardware;

/// <summary>
/// A camera sensor that renders raw frames on demand. It does not pace itself: the caller
/// (an actor with a timer) decides when to capture, which keeps timing in one place.
/// </summary>
public interface ISensor : IDisposable
{
    /// <summary>The format of every captured frame.</summary>
    VideoFormat Format { get; }

    /// <summary>Powers the sensor up; <see cref="Capture"/> is only valid between Start and Stop.</summary>
    void Start();

    /// <summary>Powers the sensor down; it may be started again.</summary>
    void Stop();

    /// <summary>Fills <paramref name="destination"/> with image number <paramref name="frameIndex"/>.</summary>
    /// <param name="destination">Exactly <see cref="VideoFormat.FrameSizeBytes"/> bytes, else <see cref="ArgumentException"/>.</param>
    /// <param name="frameIndex">Zero-based index of the frame since the stream began.</param>
    /// <exception cref="InvalidOperationException">The sensor is not started.</exception>
    void Capture(Span<byte> destination, long frameIndex);
}
