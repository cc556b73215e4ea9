using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using MediaActors.Connections;
using MediaActors.Delivery;
using MediaActors.Protocol.Rtcp;
using MediaActors.Protocol.Rtsp;
using MediaActors.Sessions;

namespace MediaActors.Multicast;

/// <summary>
/// The multicast group of one session: its address, the client tracks set up to read it
/// (reservations, from SETUP to the end of their client session) and its tracks. The group keeps
/// its address while anyone holds a reservation or a track still sends.
/// </summary>
internal sealed class MulticastGroup(IPAddress address, IActorRef mediaSession, string streamPath)
{
    public IPAddress Address { get; } = address;

    public IActorRef MediaSession { get; } = mediaSession;

    public string StreamPath { get; } = streamPath;

    public Dictionary<long, Reservation> Reservations { get; } = new();

    public Dictionary<int, GroupTrack> Tracks { get; } = new();

    /// <summary>Nobody reads or will read it, and nothing is sent to it: its address can go to another session.</summary>
    public bool IsIdle => Reservations.Count == 0 && Tracks.Values.All(track => track.Sender is null);

    /// <summary>The connections of the readers at <paramref name="client"/>, which its RTCP on the group's ports concerns.</summary>
    public IEnumerable<IActorRef> ConnectionsAt(IPAddress client) =>
        Reservations.Values.Where(reservation => reservation.Client.Equals(client)).Select(reservation => reservation.Connection).Distinct();
}

/// <summary>A client track set up to read a group: its connection and address.</summary>
internal sealed record Reservation(IActorRef Connection, int TrackId, IPAddress Client);

/// <summary>
/// One track of a group: where it goes, its one RTP sender while anyone plays it (and for the
/// linger after), the members playing it, and the socket on which its readers' RTCP arrives.
/// </summary>
internal sealed class GroupTrack(int trackId, MulticastDestination destination, UdpRtpTransport transport)
{
    /// <summary>Compound RTCP packets are small; a receiver report with SDES is under 100 bytes.</summary>
    private const int RtcpBufferBytes = 2048;

    public int TrackId { get; } = trackId;

    public MulticastDestination Destination { get; } = destination;

    public UdpRtpTransport Transport { get; } = transport;

    /// <summary>What the group sender delivered; every reader of the track reports it.</summary>
    public DeliveryCounters Counters { get; } = new();

    /// <summary>The group's RTP sender, a child of the groups actor; null while nobody plays the track.</summary>
    public IActorRef? Sender { get; set; }

    /// <summary>Where the sender's stream started; null until its first frame came.</summary>
    public MediaSession.Subscribed? Start { get; set; }

    /// <summary>PLAY requests waiting for the sender's first frame.</summary>
    public List<IActorRef> Waiting { get; } = new();

    /// <summary>The members playing the track (<see cref="MulticastReaderActor"/>s).</summary>
    public HashSet<IActorRef> Members { get; } = new();

    /// <summary>Joined to the group on the RTCP port while the sender runs: readers send their receiver reports there.</summary>
    public Socket? RtcpIn { get; set; }

    public byte[] RtcpBuffer { get; } = new byte[RtcpBufferBytes];

    /// <summary>Budgets of receiver reports per reader address, so a flood cannot fill connections' mailboxes.</summary>
    public Dictionary<IPAddress, RtcpSource> RtcpBudgets { get; } = new();

    /// <summary>The latest sender report sent to the group, which the BYE at its end repeats.</summary>
    public MediaSession.SenderReport? LastReport { get; set; }

    /// <summary>Where the group's stream is now, for a reader joining it: the next packet's sequence number and the last frame's RTP time.</summary>
    public MediaSession.Subscribed Now() => Counters.Position is var (next, rtpTime)
        ? new MediaSession.Subscribed(TrackId, next, rtpTime, FirstReport: null)
        : Start! with { FirstReport = null };

    /// <summary>SR + SDES + BYE to the group: its stream is over (RFC 3550 6.6).</summary>
    public void SayGoodbye(string reason)
    {
        if (LastReport is { } report)
        {
            Transport.TrySendRtcp(RtcpCompound.Goodbye(report.Report, report.Cname, reason));
        }

        LastReport = null;
    }
}
