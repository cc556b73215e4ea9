using MediaActors.Flow;

namespace MediaActors.Pipeline;

/// <summary>
/// The messages of a camera's actors besides the frame flow itself (<see cref="FrameFlow"/>, which
/// every hop speaks): sensor → encoder carries <see cref="RawFrame"/>s under the encoder's credit;
/// camera → consumers (sessions, the GetStream reader) carries <see cref="EncodedFrame"/>s.
/// </summary>
public static class Camera
{
    /// <summary>
    /// One NV12 image in a buffer rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>;
    /// ownership passes to the receiver, who returns it to the pool.
    /// </summary>
    public sealed record RawFrame(byte[] Buffer, int Length, long FrameIndex, long CaptureTimeMicros);

    /// <summary>Asks a pipeline actor (sensor, encoder, camera) for its counters.</summary>
    public sealed class GetStats
    {
        public static readonly GetStats Instance = new();
        private GetStats() { }
    }

    /// <summary>A sensor's counters: frames captured and sent, and frames dropped because the encoder had granted no credit.</summary>
    public sealed record SensorStats(long Captured, long Dropped, int Credit);

    /// <summary>An encoder's counters since it last (re)started: raw frames in, access units out, frames inside the encoder now.</summary>
    public sealed record EncoderStats(long FramesIn, long FramesOut, int InFlight);

    /// <summary>A camera's counters: access units produced, encoder restarts, and per consumer what it got and missed.</summary>
    public sealed record CameraStats(long Frames, long Keyframes, int Restarts, IReadOnlyList<FrameFlow.ConsumerStats> Consumers);
}
