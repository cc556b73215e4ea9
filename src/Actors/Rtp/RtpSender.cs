namespace MediaActors.Rtp;

/// <summary>The messages of <see cref="RtpSenderActor"/>.</summary>
public static class RtpSender
{
    /// <summary>Starts sending. Until then frames are dropped, so that media never overtakes the PLAY reply on a TCP connection.</summary>
    public sealed class Activate
    {
        public static readonly Activate Instance = new();
        private Activate() { }
    }

    public sealed class GetStats
    {
        public static readonly GetStats Instance = new();
        private GetStats() { }
    }

    public sealed record Stats(long FramesSent, long PacketsSent, long BytesSent, long FramesDropped);
}
