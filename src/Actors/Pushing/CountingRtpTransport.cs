using MediaActors.Delivery;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Pushing;

/// <summary>A transport that counts, in <see cref="PushCounters"/>, the frames that went through it and those it refused.</summary>
internal sealed class CountingRtpTransport(IRtpTransport inner, PushCounters counters) : IRtpTransport
{
    public long BurstLimitBytes => inner.BurstLimitBytes;

    public long QueuedBytes => inner.QueuedBytes;

    public string Description => inner.Description;

    public bool TrySend(RtpPacketBatch packets)
    {
        if (inner.TrySend(packets))
        {
            counters.Sent(packets.TotalBytes);
            return true;
        }

        counters.Refused();
        return false;
    }

    public bool TrySendRtcp(ReadOnlySpan<byte> compound) => inner.TrySendRtcp(compound);
}
