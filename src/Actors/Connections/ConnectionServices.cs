using Akka.Actor;
using MediaActors.Configuration;
using MediaActors.Delivery;
using MediaActors.Protocol.Auth;

namespace MediaActors.Connections;

/// <summary>What the listener shares with every connection it spawns.</summary>
/// <param name="Registry">The session registry.</param>
/// <param name="Udp">The server's RTP/RTCP sockets, for UDP clients.</param>
/// <param name="Authenticator">Checks readers' credentials; null when readers need none.</param>
/// <param name="PublishAuthenticator">Checks publishers' credentials; null when publishers need none.</param>
/// <param name="Tunnels">The RTSP-over-HTTP tunnels waiting for or holding their POST half.</param>
/// <param name="Multicast">The server's <see cref="Multicast.MulticastGroupsActor"/>; null when multicast is switched off.</param>
public sealed record ConnectionServices(
    IActorRef Registry,
    UdpSocketPair Udp,
    RtspServerSettings Settings,
    RtspAuthenticator? Authenticator,
    RtspAuthenticator? PublishAuthenticator,
    HttpTunnels Tunnels,
    IActorRef? Multicast);
