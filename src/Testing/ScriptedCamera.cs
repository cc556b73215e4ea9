using Akka.Actor;
using MediaActors.Hardware;
using MediaActors.Pipeline;

namespace MediaActors.Testing;

/// <summary>
/// A camera whose hardware is scripted: the synthetic sensor at <see cref="EncodedTestStream"/>'s
/// size and rate, and a <see cref="ScriptedVideoEncoder"/> that answers each raw frame with the
/// next of a list of real access units. Everything above the hardware boundary is the real
/// pipeline: the camera actor, its supervision and its frame flow to whoever attaches.
/// </summary>
public static class ScriptedCamera
{
    /// <summary>The sensor's format: that of <see cref="EncodedTestStream"/>'s pictures.</summary>
    public static VideoFormat Format { get; } = new(EncodedTestStream.Width, EncodedTestStream.Height, EncodedTestStream.FramesPerSecond);

    /// <summary>
    /// The camera's source. Each time the camera (re)starts its encoder it gets a fresh
    /// <see cref="ScriptedVideoEncoder"/> over <paramref name="accessUnits"/>, or whatever
    /// <paramref name="encoderFactory"/> makes (an encoder that crashes, say).
    /// </summary>
    public static CameraSource Source(IReadOnlyList<byte[]> accessUnits, Func<IVideoEncoder>? encoderFactory = null) =>
        new SensorAndEncoder(new SyntheticNv12Sensor(Format), encoderFactory ?? (() => new ScriptedVideoEncoder(accessUnits, Format)));

    /// <summary>A camera actor over <see cref="Source"/>, whose sensor may be <paramref name="credit"/> frames ahead of it.</summary>
    public static Props Props(IReadOnlyList<byte[]> accessUnits, int credit = 3, Func<IVideoEncoder>? encoderFactory = null) =>
        CameraActor.Props(Source(accessUnits, encoderFactory), credit);
}
