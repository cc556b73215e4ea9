namespace MediaActors.Protocol.Sdp;

/// <summary>The session-level fields of a session description.</summary>
/// <param name="SessionName">The s= line, e.g. the stream path.</param>
/// <param name="OriginAddress">The server's address for the o= line (IPv4 or IPv6).</param>
/// <param name="SessionId">The o= session id; stays the same for the life of the stream.</param>
/// <param name="SessionVersion">The o= version; increases when the description changes (new SPS).</param>
/// <param name="Tool">The a=tool value, naming the server.</param>
public sealed record SessionDescriptionOptions(string SessionName, string OriginAddress, ulong SessionId, ulong SessionVersion, string Tool);
