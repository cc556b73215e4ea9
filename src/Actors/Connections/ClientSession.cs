using Akka.Actor;
using MediaActors.Delivery;
using MediaActors.Protocol.Rtcp;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Connections;

/// <summary>
/// One RTSP session of a client (RFC 2326 3.5): the stream it set up, the transport of each
/// track, and, while playing, one RTP sender actor per track.
/// </summary>
internal sealed class ClientSession(string id, string streamPath, IActorRef mediaSession)
{
    public string Id { get; } = id;

    public string StreamPath { get; } = streamPath;

    public IActorRef MediaSession { get; } = mediaSession;

    public Dictionary<int, TrackSetup> Tracks { get; } = new();
}

/// <summary>A track after SETUP: how its packets travel and the URL the client named it by (echoed in RTP-Info).</summary>
internal sealed class TrackSetup(int trackId, string controlUrl, TransportSpec transport, IRtpTransport rtpTransport)
{
    public int TrackId { get; } = trackId;

    public string ControlUrl { get; } = controlUrl;

    public TransportSpec Transport { get; } = transport;

    public IRtpTransport RtpTransport { get; } = rtpTransport;

    /// <summary>The RTP sender while the track is playing.</summary>
    public IActorRef? Sender { get; set; }

    /// <summary>Where the client's stream started, kept for the RTP-Info of a repeated PLAY.</summary>
    public RtpInfoEntry? PlayStart { get; set; }

    /// <summary>The latest sender report sent for this track and the session's CNAME, for the final BYE.</summary>
    public (RtcpSenderReport Report, string Cname)? LastSenderReport { get; set; }

    /// <summary>The latest receiver report block the client sent about this track.</summary>
    public RtcpReportBlock? LastReceiverReport { get; set; }
}
