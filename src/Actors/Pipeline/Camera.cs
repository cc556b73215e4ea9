namespace MediaActors.Pipeline;

/// <summary>The messages between <see cref="SensorActor"/> and <see cref="EncoderActor"/>.</summary>
public static class Camera
{
    /// <summary>A (new or restarted) encoder takes the sensor's output: the sensor sends its frames to
    /// the sender of this message and may have exactly <paramref name="Credit"/> frames in flight.</summary>
    public sealed record Attach(int Credit);

    /// <summary>Further credit from the encoder: the sensor may send this many more frames.</summary>
    public sealed record RequestFrames(int Count);

    /// <summary>
    /// One NV12 image in a buffer rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>;
    /// ownership passes to the receiver, who returns it to the pool.
    /// </summary>
    public sealed record RawFrame(byte[] Buffer, int Length, long FrameIndex, long CaptureTimeMicros);
}
