using System.Net;

namespace MediaActors.Protocol.Rtsp;

/// <summary>Where a track's multicast stream goes, as the server chose it: the group, its RTP and RTCP ports, the TTL.</summary>
public sealed record MulticastDestination(IPAddress Group, (int Rtp, int Rtcp) Ports, int Ttl);
