using Akka.Actor;

namespace MediaActors.Pipeline;

/// <summary>
/// The messages of a camera's frame flow. Every hop is demand-driven with the same two messages:
/// the consumer grants credit (<see cref="Attach"/>, then <see cref="RequestFrames"/>), and the
/// producer never has more frames in flight to it than granted. Sensor → encoder carries
/// <see cref="RawFrame"/>s; camera → consumers (sessions, the GetStream reader) carries
/// <see cref="EncodedFrame"/>s.
/// </summary>
public static class Camera
{
    /// <summary>A (new or restarted) consumer takes a producer's output: the producer sends its frames to
    /// the sender of this message and may have exactly <paramref name="Credit"/> frames in flight to it.</summary>
    public sealed record Attach(int Credit);

    /// <summary>A consumer leaves: the producer sends it nothing more.</summary>
    public sealed class Detach
    {
        public static readonly Detach Instance = new();
        private Detach() { }
    }

    /// <summary>Further credit from a consumer: the producer may send this many more frames (never more than it attached with).</summary>
    public sealed record RequestFrames(int Count);

    /// <summary>
    /// One NV12 image in a buffer rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>;
    /// ownership passes to the receiver, who returns it to the pool.
    /// </summary>
    public sealed record RawFrame(byte[] Buffer, int Length, long FrameIndex, long CaptureTimeMicros);

    /// <summary>Told to a camera's consumers when it stops for good (its encoder kept failing, or it was stopped).</summary>
    public sealed record StreamEnded(string Reason);

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
    public sealed record CameraStats(long Frames, long Keyframes, int Restarts, IReadOnlyList<ConsumerStats> Consumers);

    /// <summary>One consumer of a camera: frames sent to it, frames it missed (no credit, or waiting for a keyframe after that), credit left.</summary>
    public sealed record ConsumerStats(IActorRef Consumer, long Sent, long Dropped, int Credit);
}
