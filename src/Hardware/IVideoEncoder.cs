using System.Threading.Channels;

namespace MediaActors.Hardware;

/// <summary>
/// Turns raw frames into access units. Frames go in through <see cref="EncodeAsync"/>; access units
/// come out, in order and one per frame, through <see cref="Output"/>.
/// </summary>
public interface IVideoEncoder : IAsyncDisposable
{
    /// <summary>The settings the encoder was created with.</summary>
    EncoderSettings Settings { get; }

    /// <summary>Starts the encoder; call once before <see cref="EncodeAsync"/>.</summary>
    void Start();

    /// <summary>
    /// Queues one raw frame of exactly <see cref="VideoFormat.FrameSizeBytes"/> bytes. Not safe to call
    /// concurrently. Waits when the encoder is busy, which is how back-pressure reaches the sensor.
    /// </summary>
    ValueTask EncodeAsync(ReadOnlyMemory<byte> rawFrame, CancellationToken cancellationToken);

    /// <summary>
    /// The encoded access units. Bounded: when nobody reads, the encoder stops accepting frames rather
    /// than dropping any. Completes when the encoder stops, with the error if it failed.
    /// </summary>
    ChannelReader<EncodedPacket> Output { get; }

    /// <summary>Completes when the encoder has stopped; faults with the error if it failed.</summary>
    Task Completion { get; }
}
