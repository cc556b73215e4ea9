using Akka.Actor;
using MediaActors.Delivery;
using MediaActors.Multicast;
using MediaActors.Protocol.Rtsp;
using MediaActors.Sessions;

namespace MediaActors.Connections;

/// <summary>The RTSP methods (RFC 2326 section 10) as this server implements them.</summary>
public sealed partial class RtspConnectionActor
{
    /// <summary>The reply to a request, or null when it is left pending (see <see cref="Await"/>).</summary>
    private RtspReply? Answer(RtspRequest request) => RequestRefusal.Of(request, IsPublishing(request) ? _publishAuthenticator : _authenticator) is { } refusal
        ? new RtspReply(refusal)
        : request.Method switch
        {
            RtspMethods.OPTIONS => new RtspReply(RtspResponses.Options()),
            RtspMethods.DESCRIBE => Describe(request),
            RtspMethods.SETUP when _publishing is { } publishing => SetupRecord(request, publishing),
            RtspMethods.SETUP => Setup(request),
            RtspMethods.PLAY => Play(request),
            RtspMethods.PAUSE => Pause(request),
            RtspMethods.TEARDOWN when _publishing is { } publishing => TeardownRecord(request, publishing),
            RtspMethods.TEARDOWN => Teardown(request),
            RtspMethods.GET_PARAMETER => GetParameter(request),
            RtspMethods.ANNOUNCE => Announce(request),
            RtspMethods.RECORD => Record(request),
            _ => new RtspReply(RtspResponses.NotImplemented(request.Method)),
        };

    private RtspReply? Describe(RtspRequest request) => Resolve(request) is not { } path
        ? new RtspReply(RtspResponses.MalformedUrl(request.Uri))
        : AwaitDescription(request, session: null, path.StreamPath, _settings.DescribeWait,
            described => RtspResponses.Description(described, request.Uri, _local.Address));

    private RtspReply? Setup(RtspRequest request) =>
        Resolve(request) is not { } path ? new RtspReply(RtspResponses.MalformedUrl(request.Uri))
        : SetupRequest.Parse(request, path, _sessions, out var refusal) is not { } setup ? new RtspReply(refusal!)
        : _multicast is { } groups && TransportNegotiation.OffersMulticast(setup.Offered) ? SetupMulticast(request, setup, groups)
        : AwaitDescription(request, setup.Session, path.StreamPath, waitForParameterSets: null, described => SetUpTrack(request, setup, described, group: null));

    /// <summary>A SETUP that offers multicast asks the stream's tracks, then holds the track's group for the client.</summary>
    private RtspReply? SetupMulticast(RtspRequest request, SetupRequest setup, IActorRef groups)
    {
        var self = Self;
        return Await(request, setup.Session,
            cancel => SessionAsks.DescribeAndReserve(_registry, groups, setup, self, _remote.Address, cancel),
            answer => new RtspReply(answer.Description is MediaSession.Described described
                ? SetUpTrack(request, setup, described, answer.Group)
                : RtspResponses.NotDescribed(setup.Path.StreamPath, answer.Description)));
    }

    /// <summary>DESCRIBE and SETUP ask the stream's session for its tracks; the reply is made of them (404 or 503 without).</summary>
    private RtspReply? AwaitDescription(RtspRequest request, ClientSession? session, string streamPath, TimeSpan? waitForParameterSets,
        Func<MediaSession.Described, RtspResponse> reply) =>
        Await(request, session,
            cancel => SessionAsks.Describe(_registry, streamPath, waitForParameterSets, cancel),
            answer => new RtspReply(answer is MediaSession.Described described ? reply(described) : RtspResponses.NotDescribed(streamPath, answer)));

    /// <summary>
    /// SETUP once the stream named its tracks: the track joins its session, a new one unless the
    /// request named one. <paramref name="group"/> is what the multicast groups answered, when asked:
    /// the group held for the track, given back unless the track reads it.
    /// </summary>
    private RtspResponse SetUpTrack(RtspRequest request, SetupRequest setup, MediaSession.Described described, object? group)
    {
        var reserved = group as MulticastGroups.Reserved;
        var membership = reserved is null ? null : new MulticastMembership(_multicast!, reserved);
        if (setup.Choose(described, (_udp.RtpPort, _udp.RtcpPort), _sessions.InterleavedChannelsInUse(),
                reserved?.Destination, (group as MulticastGroups.Refused)?.Reason,
                interleavedOnly: _connection.Security == ConnectionSecurity.Tls, out var refusal) is not var (track, accepted))
        {
            membership?.Release();
            return refusal!;
        }

        if (!accepted.IsMulticast)
        {
            membership?.Release();
            membership = null;
        }

        var rtpTransport = membership is not null ? membership.Group.Transport
            : accepted.LowerTransport == LowerTransport.Tcp ? new InterleavedRtpTransport(_writer, accepted.Ports)
            : new UdpRtpTransport(_udp, _remote.Address, accepted.Ports);
        var session = setup.Session ?? _sessions.Open(setup.Path.StreamPath, described.Session, _remote, Context);
        session.SetUp(new TrackSetup(track.TrackId, request.Uri, track.Ssrc, accepted, rtpTransport)
        {
            ClockRate = track.ClockRate,
            Multicast = membership,
        }, Context);
        var response = RtspResponses.Ok(session.Header(_settings.SessionTimeout));
        response.Headers.Set("Transport", accepted.Reply.ToString());
        return response;
    }

    /// <summary>
    /// Starts an RTP sender for each track not playing and subscribes them all to the stream at once.
    /// The reply waits until each has its first frame: its RTP-Info names where the stream starts.
    /// </summary>
    private RtspReply? Play(RtspRequest request)
    {
        if (_sessions.Require(request, out var missing) is not { } session)
        {
            return new RtspReply(missing!);
        }

        if (session.Tracks.Count == 0)
        {
            return new RtspReply(RtspResponses.Error(RtspStatus.MethodNotValidInThisState, "no track was set up"));
        }

        var starting = session.StartSenders(Context, _settings);
        var reports = Self;
        return starting.Count == 0
            ? Playing(session, [])
            : Await(request, session,
                cancel => SessionAsks.Subscribe(session.MediaSession, starting, reports, cancel),
                starts => session.Started(starts, Context) is { } failed
                    ? new RtspReply(RtspResponses.Error(RtspStatus.ServiceUnavailable,
                        $"stream '{session.StreamPath}' sent no frame for track {failed.TrackId} within {SessionAsks.FirstFrameWait.TotalSeconds:0} s"))
                    : Playing(session, starts));
    }

    /// <summary>
    /// The PLAY reply; once it is queued, each new track's first sender report, then its media. On
    /// TCP media would otherwise arrive before the reply, and players that get media before a
    /// report re-time it when the report arrives.
    /// </summary>
    private RtspReply Playing(ClientSession session, IReadOnlyList<TrackStart> starts) =>
        new(RtspResponses.Playing(session.Header(_settings.SessionTimeout), session.PlayStarts), () =>
        {
            foreach (var start in starts)
            {
                start.Activate();
            }
        });

    private RtspReply Pause(RtspRequest request)
    {
        if (_sessions.Require(request, out var missing) is not { } session)
        {
            return new RtspReply(missing!);
        }

        session.StopSenders(Context);
        return new RtspReply(RtspResponses.Ok(session.Header(_settings.SessionTimeout)));
    }

    private RtspReply Teardown(RtspRequest request)
    {
        if (_sessions.Require(request, out var missing) is not { } session)
        {
            return new RtspReply(missing!);
        }

        EndSession(session, "teardown");
        return new RtspReply(RtspResponses.Ok());
    }

    /// <summary>The keepalive of most players; with a Session header it must name a live session.</summary>
    private RtspReply GetParameter(RtspRequest request) => new(
        request.Headers["Session"] is null ? RtspResponses.Ok()
        : _publishing is { } publishing ? NamesSession(request, publishing) ? RtspResponses.Ok(publishing.Header(_settings.SessionTimeout)) : RtspResponses.Error(RtspStatus.SessionNotFound, "unknown session")
        : _sessions.Require(request, out var missing) is { } session ? RtspResponses.Ok(session.Header(_settings.SessionTimeout))
        : missing!);

    private static MediaPath? Resolve(RtspRequest request) =>
        RtspUrl.TryParse(request.Uri, out var url) ? MediaPathResolver.Resolve(url!) : null;
}
