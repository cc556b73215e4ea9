using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Rtp;

/// <summary>
/// The receiving side of RFC 3551 G.711 (PCMU/PCMA): each packet's payload is one frame of
/// one-byte samples at the 8 kHz RTP clock, so its length is its sample count. Garbage input never
/// throws; it is dropped and counted.
/// </summary>
/// <remarks>
/// The companding law does not matter here: both carry their bytes the same way, and the payload
/// type the SDP named tells them apart. Not thread-safe; one instance per received stream.
/// </remarks>
public sealed class G711Depacketizer : IAudioDepacketizer
{
    private readonly RtpSequenceTracker _sequence = new();

    /// <inheritdoc/>
    public long LostPackets => _sequence.LostPackets;

    /// <inheritdoc/>
    public long DiscardedPackets { get; private set; }

    /// <summary>Feeds one RTP packet; appends its payload as one frame, unless the packet is malformed, empty or late.</summary>
    /// <remarks>The sample count assumes mono, the only channel layout <see cref="G711Format"/> accepts.</remarks>
    public void Push(ReadOnlySpan<byte> rtpPacket, List<AudioFrame> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!RtpHeader.TryRead(rtpPacket, out var header, out var payloadOffset, out var payloadLength)
            || payloadLength == 0
            || !_sequence.TryAccept(header.SequenceNumber, out _))
        {
            DiscardedPackets++;
            return;
        }

        output.Add(new AudioFrame(rtpPacket.Slice(payloadOffset, payloadLength).ToArray(), header.Timestamp, payloadLength));
    }
}
