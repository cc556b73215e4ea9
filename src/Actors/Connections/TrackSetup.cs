using Akka.Actor;
using MediaActors.Configuration;
using MediaActors.Delivery;
using MediaActors.Multicast;
using MediaActors.Protocol.Rtcp;
using MediaActors.Protocol.Rtsp;
using MediaActors.Sessions;

namespace MediaActors.Connections;

/// <summary>
/// A track of a client session after SETUP: how its packets travel, the URL the client named it by
/// (echoed in RTP-Info) and, while it plays, its RTP sender. The track's RTCP goes through it: the
/// sender reports of its stream, the client's receiver reports about it, and the final BYE. A
/// multicast track has none of its own: its group's sender sends them to the group, once for all readers.
/// </summary>
internal sealed class TrackSetup(int trackId, string controlUrl, uint ssrc, AcceptedTransport transport, IRtpTransport rtpTransport)
{
    /// <summary>The latest sender report sent for this track and the session's CNAME, for the final BYE.</summary>
    private (RtcpSenderReport Report, string Cname)? _lastSenderReport;

    /// <summary>The sender was told to send: the PLAY reply is queued.</summary>
    private bool _active;

    public int TrackId { get; } = trackId;

    public IRtpTransport RtpTransport { get; } = rtpTransport;

    private readonly DeliveryCounters _counters = new();

    /// <summary>The multicast group the track reads; null for a unicast track.</summary>
    public MulticastMembership? Multicast { get; init; }

    /// <summary>What its senders delivered, over every PLAY; for a multicast track, what the group's sender delivered.</summary>
    public DeliveryCounters Counters => Multicast?.Group.Counters ?? _counters;

    /// <summary>The track's RTP goes over the client's TCP connection.</summary>
    public bool IsInterleaved => transport.LowerTransport == LowerTransport.Tcp;

    /// <summary>The clock rate of the track's RTP timestamps (the unit of the jitter a client reports).</summary>
    public int ClockRate { get; init; } = 90_000;

    /// <summary>The interleaved channels of a TCP track; null for UDP.</summary>
    public (int Rtp, int Rtcp)? InterleavedChannels => IsInterleaved ? transport.Ports : null;

    /// <summary>The client's RTCP port of a UDP track, whose receiver reports the listener routes to the connection; null for TCP.</summary>
    public int? ClientRtcpPort => transport.LowerTransport == LowerTransport.Udp && Multicast is null ? transport.Ports.Rtcp : null;

    /// <summary>The RTP sender while the track is playing.</summary>
    public IActorRef? Sender { get; private set; }

    /// <summary>Where the client's stream started, kept for the RTP-Info of a repeated PLAY.</summary>
    public RtpInfoEntry? PlayStart { get; private set; }

    /// <summary>The latest receiver report block the client sent about this track.</summary>
    public RtcpReportBlock? LastReceiverReport { get; private set; }

    /// <summary>A PLAY started this sender; it holds the media until <see cref="Activate"/>.</summary>
    public void Play(IActorRef sender)
    {
        Sender = sender;
        _active = false;
    }

    /// <summary>Notes where the client's stream starts: its first packet's sequence number and RTP time.</summary>
    public void Started(MediaSession.Subscribed start) => PlayStart = new RtpInfoEntry(controlUrl, start.SequenceNumber, start.RtpTime);

    /// <summary>Once the PLAY reply is queued: the track's first sender report (if its stream has one yet), then the media.</summary>
    public void Activate(MediaSession.SenderReport? firstReport)
    {
        _active = true;
        if (firstReport is not null)
        {
            SendSenderReport(firstReport);
        }

        Sender!.Tell(RtpSender.Activate.Instance);
    }

    /// <summary>Stops the sender (PAUSE, the session's end); the track stays set up for the next PLAY.</summary>
    public void StopSender(IActorContext context)
    {
        if (Sender is null)
        {
            return;
        }

        context.Unwatch(Sender);
        context.Stop(Sender);
        Sender = null;
    }

    /// <summary>The RTP sender of a PLAY: the client's own, or for a multicast track its stand-in among the group's readers.</summary>
    public Props SenderProps(string client, RtspServerSettings settings) => Multicast is null
        ? RtpSenderActor.Props(client, RtpTransport, settings.ClientStallTimeout, settings.FramesPerAcknowledgement, _counters)
        : MulticastReaderActor.Props();

    /// <summary>
    /// Sends a sender report of the track's stream to the client and keeps it for the final BYE.
    /// Not before the PLAY reply (over TCP it would reach the player ahead of it): while the reply
    /// waits for another track's first frame, reports are dropped; the first follows the reply.
    /// </summary>
    public void SendSenderReport(MediaSession.SenderReport senderReport)
    {
        if (!_active)
        {
            return;
        }

        _lastSenderReport = (senderReport.Report, senderReport.Cname);
        RtpTransport.TrySendRtcp(RtcpCompound.SenderReport(senderReport.Report, senderReport.Cname));
    }

    /// <summary>
    /// SR + SDES + BYE: tells the player the stream is over (RFC 3550 6.6). Only after a sender
    /// report, which the BYE repeats: a track that never played has nothing to end.
    /// </summary>
    public void SayGoodbye(string reason)
    {
        if (_lastSenderReport is var (report, cname))
        {
            RtpTransport.TrySendRtcp(RtcpCompound.Goodbye(report, cname, reason));
        }
    }

    /// <summary>Keeps a block of the client's receiver report when it is about this track's SSRC.</summary>
    public void Account(RtcpReportBlock block)
    {
        if (block.Ssrc == ssrc)
        {
            LastReceiverReport = block;
        }
    }
}
