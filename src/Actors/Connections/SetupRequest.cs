using MediaActors.Protocol.Rtsp;
using MediaActors.Sessions;

namespace MediaActors.Connections;

/// <summary>
/// What a SETUP asks for and whether it can have it: the stream and track its URL names, the
/// transports the client offers in its order of preference, and the client session the track joins
/// (none for a first SETUP, which opens one). Checked before and after the stream named its tracks.
/// </summary>
internal sealed record SetupRequest(MediaPath Path, string Transport, IReadOnlyList<TransportSpec> Offered, ClientSession? Session)
{
    /// <summary>
    /// The SETUP of <paramref name="path"/>, or null and the response refusing it: 400 without a valid
    /// Transport header, 454 for a session this connection does not have, 459 for a session of
    /// another stream (a session is one stream, RFC 2326 10.4).
    /// </summary>
    public static SetupRequest? Parse(RtspRequest request, MediaPath path, ClientSessions sessions, out RtspResponse? refusal)
    {
        refusal = null;
        ClientSession? session = null;
        if (request.Headers["Transport"] is not { } transport)
        {
            refusal = RtspResponses.Error(RtspStatus.BadRequest, "SETUP needs a Transport header");
        }
        else if (!TransportHeader.TryParse(transport, out var offered))
        {
            refusal = RtspResponses.Error(RtspStatus.BadRequest, $"malformed Transport header '{transport}'");
        }
        else if (request.Headers["Session"] is { } header && !sessions.TryFind(header, out session))
        {
            refusal = RtspResponses.Error(RtspStatus.SessionNotFound, "unknown session");
        }
        else if (session is not null && session.StreamPath != path.StreamPath)
        {
            refusal = RtspResponses.Error(RtspStatus.AggregateOperationNotAllowed,
                $"session {session.Id} belongs to stream '{session.StreamPath}', not '{path.StreamPath}'");
        }
        else
        {
            return new SetupRequest(path, transport, offered, session);
        }

        return null;
    }

    /// <summary>
    /// The track to set up, of the stream's tracks, and its transport; or null and the response
    /// refusing it: 404 when the stream has no such track (the aggregate URL names its only track),
    /// 455 while the track plays, 461 when no transport offered is acceptable (453 when that is because
    /// the multicast range has no group left: <paramref name="multicastRefusal"/>).
    /// </summary>
    /// <param name="multicast">The track's multicast group; null when multicast is off or was not offered.</param>
    /// <param name="multicastRefusal">Why the track has no multicast group, when it was offered but none was free.</param>
    public (MediaSession.TrackDescription Track, AcceptedTransport Transport)? Choose(MediaSession.Described described,
        (int Rtp, int Rtcp) serverPorts, IReadOnlyCollection<(int Rtp, int Rtcp)> channelsInUse,
        MulticastDestination? multicast, string? multicastRefusal, bool interleavedOnly, out RtspResponse? refusal)
    {
        refusal = null;
        var track = TrackOf(described);
        if (track is null)
        {
            refusal = RtspResponses.Error(RtspStatus.NotFound, $"stream '{Path.StreamPath}' has no track {Path.TrackId?.ToString() ?? "(none named)"}");
        }
        else if (Session?.IsPlaying(track.TrackId) == true)
        {
            refusal = RtspResponses.Error(RtspStatus.MethodNotValidInThisState, "the track is playing; PAUSE or TEARDOWN before a new SETUP");
        }
        else if (TransportNegotiation.Choose(Offered, serverPorts, channelsInUse, track.Ssrc, multicast, interleavedOnly) is not { } accepted)
        {
            refusal = multicastRefusal is not null
                ? RtspResponses.Error(RtspStatus.NotEnoughBandwidth, $"no multicast group for the stream: {multicastRefusal}")
                : RtspResponses.Error(RtspStatus.UnsupportedTransport, interleavedOnly
                    ? $"no supported transport in '{Transport}': over TLS only RTP/AVP/TCP (media inside the encrypted connection)"
                    : $"no supported transport in '{Transport}' (RTP/AVP unicast with client_port, RTP/AVP/TCP, or RTP/AVP multicast where it is switched on)");
        }
        else
        {
            return (track, accepted);
        }

        return null;
    }

    /// <summary>The track the URL names; the aggregate URL names a stream's only track. Null when there is no such track.</summary>
    public MediaSession.TrackDescription? TrackOf(MediaSession.Described described) => Path.TrackId is { } trackId
        ? described.Tracks.FirstOrDefault(t => t.TrackId == trackId)
        : described.Tracks.Count == 1 ? described.Tracks[0] : null;
}
