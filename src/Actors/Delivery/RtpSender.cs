namespace MediaActors.Delivery;

/// <summary>The messages of <see cref="RtpSenderActor"/>.</summary>
public static class RtpSender
{
    /// <summary>Starts sending. Until then frames are held, so that media never overtakes the PLAY reply on a TCP connection.</summary>
    public sealed class Activate
    {
        public static readonly Activate Instance = new();
        private Activate() { }
    }

    /// <summary>Told to the sender's connection: its client has taken no media for <paramref name="For"/> (its queue stays full).</summary>
    public sealed record Stalled(TimeSpan For);

    /// <summary>Asks a sender for its counters.</summary>
    public sealed class GetStats
    {
        public static readonly GetStats Instance = new();
        private GetStats() { }
    }

    /// <summary>
    /// A sender's counters: frames, packets and bytes sent to its client, frames it dropped (refused by
    /// a full queue, or skipped after that until a keyframe), and the bytes waiting in its client's queue now.
    /// </summary>
    public sealed record Stats(long FramesSent, long PacketsSent, long BytesSent, long FramesDropped, long QueuedBytes);
}
