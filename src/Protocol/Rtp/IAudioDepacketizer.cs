namespace MediaActors.Protocol.Rtp;

/// <summary>
/// Turns the RTP packets of one received audio stream into audio frames, whichever the codec.
/// Garbage input never throws; it is dropped and counted. A packet can hold several frames (AAC
/// aggregates) or a part of one (AAC fragments), so frames are appended to a list rather than
/// returned one per packet.
/// </summary>
public interface IAudioDepacketizer
{
    /// <summary>Packets missing from the sequence-number series.</summary>
    long LostPackets { get; }

    /// <summary>Packets dropped because they were malformed, unsupported, late or an orphaned fragment.</summary>
    long DiscardedPackets { get; }

    /// <summary>Feeds one RTP packet; appends the complete audio frames it yields (each owning its bytes) to <paramref name="output"/>.</summary>
    void Push(ReadOnlySpan<byte> rtpPacket, List<AudioFrame> output);
}
