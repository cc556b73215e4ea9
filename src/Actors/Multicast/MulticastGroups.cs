using System.Net;
using Akka.Actor;
using MediaActors.Delivery;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Multicast;

/// <summary>The messages of <see cref="MulticastGroupsActor"/>.</summary>
public static class MulticastGroups
{
    /// <summary>
    /// SETUP of a multicast track, for the client's connection: holds the group of
    /// <paramref name="MediaSession"/> for it (taking the session a group if it has none) until
    /// <see cref="Release"/> or the connection stops. Answered with <see cref="Reserved"/> or <see cref="Refused"/>.
    /// </summary>
    /// <param name="Connection">The client's connection: its end gives back what it holds; its client's RTCP on the group's ports goes to it.</param>
    /// <param name="Client">The client's address: RTCP from it on the group's ports keeps its sessions alive.</param>
    public sealed record Reserve(IActorRef MediaSession, string StreamPath, int TrackId, IActorRef Connection, IPAddress Client);

    /// <summary>
    /// The track's group for the SETUP reply, the transport its group sender uses (its description
    /// and queue, for operators) and what that sender delivered, which each of its readers reports.
    /// </summary>
    public sealed record Reserved(long Reservation, MulticastDestination Destination, IRtpTransport Transport, DeliveryCounters Counters);

    /// <summary>No group for the session: every address of the range is taken by other sessions.</summary>
    public sealed record Refused(string Reason);

    /// <summary>The client session of a reservation ended (or its SETUP was refused after all).</summary>
    public sealed record Release(long Reservation);

    /// <summary>
    /// PLAY: <paramref name="Member"/> (the track's stand-in among the connection's children)
    /// reads the reservation's track from now until it stops. Its group sender starts with the
    /// first member; answered with <see cref="Sessions.MediaSession.Subscribed"/>, where the
    /// group's stream is now (for RTP-Info), or a <c>Status.Failure</c>.
    /// </summary>
    public sealed record Play(long Reservation, IActorRef Member);
}
