using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Rtp;

/// <summary>
/// RFC 3551 G.711 (PCMU/PCMA) packetization: the encoded bytes are the payload, 8000 one-byte
/// samples a second, mono. A buffer of samples is split into packets of at most the packet
/// duration, each stamped with the RTP time of its first sample.
/// </summary>
/// <remarks>
/// Audio has no access units, so this does not implement <see cref="IRtpPacketizer"/>; it has the
/// same SSRC and sequence-number bookkeeping. The marker bit stays clear: RFC 3551 4.1 reserves it
/// for the first packet of a talkspurt after silence suppression, which a continuous source never
/// has. Each batch costs exactly two allocations, its byte array and its packet-end array.
/// Not thread-safe; one instance per stream.
/// </remarks>
public sealed class G711Packetizer
{
    /// <summary>The largest packet duration: its samples plus the RTP header must fit one UDP datagram.</summary>
    public const int MaxPacketDurationMs = (NalUnitPacketizer.MaxPacketSize - RtpHeader.Size) / SamplesPerMillisecond;

    private const int SamplesPerMillisecond = G711Format.ClockRate / 1000;

    private readonly byte _payloadType;

    /// <summary>Creates a packetizer for one audio stream.</summary>
    /// <param name="ssrc">The SSRC of the stream.</param>
    /// <param name="initialSequenceNumber">Sequence number of the first packet (RFC 3550 recommends a random one).</param>
    /// <param name="format">µ-law (<see cref="CodecFormat.Pcmu"/>, payload type 0) or A-law (<see cref="CodecFormat.Pcma"/>, payload type 8).</param>
    /// <param name="maxPacketDurationMs">Longest packet in milliseconds; RFC 3551 4.5 makes 20 ms (160 samples) the default packetization.</param>
    /// <exception cref="ArgumentOutOfRangeException">The duration is outside 1..<see cref="MaxPacketDurationMs"/>.</exception>
    public G711Packetizer(uint ssrc, ushort initialSequenceNumber, G711Format format, int maxPacketDurationMs = 20)
    {
        ArgumentNullException.ThrowIfNull(format);
        _payloadType = format.PayloadType;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPacketDurationMs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPacketDurationMs, MaxPacketDurationMs);
        Ssrc = ssrc;
        NextSequenceNumber = initialSequenceNumber;
        Format = format;
        MaxSamplesPerPacket = maxPacketDurationMs * SamplesPerMillisecond;
    }

    /// <summary>The SSRC written into every packet.</summary>
    public uint Ssrc { get; }

    /// <summary>The sequence number the next packet will carry (for RTP-Info).</summary>
    public ushort NextSequenceNumber { get; private set; }

    /// <summary>The companding law, which fixes the payload type.</summary>
    public G711Format Format { get; }

    /// <summary>The most samples (bytes) one packet carries.</summary>
    public int MaxSamplesPerPacket { get; }

    /// <summary>
    /// Packetizes consecutive samples whose first is sampled at <paramref name="rtpTimestamp"/>.
    /// Packet i carries the RTP timestamp of its own first sample; the batch's
    /// <see cref="RtpPacketBatch.Timestamp"/> is the first packet's. Every batch is marked as a
    /// keyframe, since a player can start at any audio packet. Empty input gives an empty batch.
    /// </summary>
    public RtpPacketBatch Packetize(ReadOnlySpan<byte> samples, uint rtpTimestamp)
    {
        var packetCount = (samples.Length + MaxSamplesPerPacket - 1) / MaxSamplesPerPacket;
        var buffer = new byte[samples.Length + (packetCount * RtpHeader.Size)];
        var packetEnds = new int[packetCount];
        var firstSequenceNumber = NextSequenceNumber;
        var offset = 0;
        var timestamp = rtpTimestamp;
        for (var i = 0; i < packetCount; i++)
        {
            var count = Math.Min(MaxSamplesPerPacket, samples.Length);
            new RtpHeader(Marker: false, _payloadType, NextSequenceNumber, timestamp, Ssrc).WriteTo(buffer.AsSpan(offset));
            samples[..count].CopyTo(buffer.AsSpan(offset + RtpHeader.Size));
            offset += RtpHeader.Size + count;
            packetEnds[i] = offset;
            samples = samples[count..];
            timestamp = unchecked(timestamp + (uint)count); // one sample per byte at the 8 kHz RTP clock
            NextSequenceNumber = unchecked((ushort)(NextSequenceNumber + 1));
        }

        return new RtpPacketBatch(buffer, packetEnds, rtpTimestamp, firstSequenceNumber, isKeyframe: true);
    }
}
