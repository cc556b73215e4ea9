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
}
