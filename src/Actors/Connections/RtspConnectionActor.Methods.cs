using Akka.Actor;
using Akka.Event;
using MediaActors.Delivery;
using MediaActors.Protocol.Auth;
using MediaActors.Protocol.Rtsp;
using MediaActors.Sessions;

namespace MediaActors.Connections;

/// <summary>The RTSP methods (RFC 2326 section 10) as this server implements them.</summary>
public sealed partial class RtspConnectionActor
{
    private static readonly TimeSpan SessionAskTimeout = TimeSpan.FromSeconds(5);

    // PLAY is answered when the client's first frame is there (its RTP-Info names that frame), which
    // for video is the next keyframe: at most one GOP, and cameras' GOPs stay well under this.
    private static readonly TimeSpan FirstFrameWait = TimeSpan.FromSeconds(20);

    private async Task Respond(RtspRequest request)
    {
        var reply = request.CSeq is null
            ? new Reply(RtspResponses.Error(RtspStatus.BadRequest, "missing or invalid CSeq header"))
            : request.Headers["Require"] is { } required
                ? new Reply(RtspResponses.Unsupported(required))
                : Unauthorized(request) is { } unauthorized
                    ? new Reply(unauthorized)
                    : await Dispatch(request);

        if (!_writer.TryEnqueueControl(RtspResponses.Serialize(reply.Response, request.CSeq)))
        {
            Close("it does not read its responses");
            return;
        }
        reply.AfterQueued?.Invoke();
    }

    private Task<Reply> Dispatch(RtspRequest request) => request.Method switch
    {
        RtspMethods.OPTIONS => Task.FromResult(new Reply(RtspResponses.Options())),
        RtspMethods.DESCRIBE => Describe(request),
        RtspMethods.SETUP => Setup(request),
        RtspMethods.PLAY => Play(request),
        RtspMethods.PAUSE => Task.FromResult(Pause(request)),
        RtspMethods.TEARDOWN => Task.FromResult(Teardown(request)),
        RtspMethods.GET_PARAMETER => Task.FromResult(GetParameter(request)),
        _ => Task.FromResult(new Reply(RtspResponses.NotImplemented(request.Method))),
    };

    /// <summary>
    /// 401 with the challenges when authentication is on and the request lacks valid credentials.
    /// It is checked before anything else, so an unauthenticated client learns nothing about
    /// which streams or sessions exist. OPTIONS stays open: it reveals nothing but the methods.
    /// </summary>
    private RtspResponse? Unauthorized(RtspRequest request)
    {
        if (_authenticator is null || request.Method == RtspMethods.OPTIONS)
        {
            return null;
        }

        var result = _authenticator.Validate(request.Method, request.Uri, request.Headers["Authorization"]);
        if (result == AuthResult.Accepted)
        {
            return null;
        }

        var response = RtspResponses.Error(RtspStatus.Unauthorized, "authentication required");
        foreach (var challenge in _authenticator.Challenges(stale: result == AuthResult.Stale))
        {
            response.Headers.Add("WWW-Authenticate", challenge);
        }

        return response;
    }

    private async Task<Reply> Describe(RtspRequest request)
    {
        if (!TryResolve(request, out var path, out var invalidUrl))
        {
            return invalidUrl;
        }

        var answer = await AskSession(path.StreamPath, new MediaSession.Describe(WaitForParameterSets: true),
            _settings.DescribeWait + SessionAskTimeout);
        return new Reply(answer is MediaSession.Described described
            ? RtspResponses.Description(described, request.Uri, _local.Address)
            : RtspResponses.NotDescribed(path.StreamPath, answer));
    }

    private async Task<Reply> Setup(RtspRequest request)
    {
        if (!TryResolve(request, out var path, out var invalidUrl))
        {
            return invalidUrl;
        }

        if (request.Headers["Transport"] is not { } transportHeader)
        {
            return new Reply(RtspResponses.Error(RtspStatus.BadRequest, "SETUP needs a Transport header"));
        }

        if (!TransportHeader.TryParse(transportHeader, out var offered))
        {
            return new Reply(RtspResponses.Error(RtspStatus.BadRequest, $"malformed Transport header '{transportHeader}'"));
        }

        ClientSession? session = null;
        if (request.Headers["Session"] is { } sessionHeader)
        {
            if (!_sessions.TryFind(sessionHeader, out session))
            {
                return new Reply(RtspResponses.Error(RtspStatus.SessionNotFound, "unknown session"));
            }

            if (session.StreamPath != path.StreamPath)
            {
                return new Reply(RtspResponses.Error(RtspStatus.AggregateOperationNotAllowed,
                    $"session {session.Id} belongs to stream '{session.StreamPath}', not '{path.StreamPath}'"));
            }
        }

        var answer = await AskSession(path.StreamPath, new MediaSession.Describe(WaitForParameterSets: false), SessionAskTimeout);
        if (answer is not MediaSession.Described described)
        {
            return new Reply(RtspResponses.NotDescribed(path.StreamPath, answer));
        }

        // A SETUP of the aggregate URL is accepted while the stream has a single track.
        var track = path.TrackId is { } trackId
            ? described.Tracks.FirstOrDefault(t => t.TrackId == trackId)
            : described.Tracks.Count == 1 ? described.Tracks[0] : null;
        if (track is null)
        {
            return new Reply(RtspResponses.Error(RtspStatus.NotFound, $"stream '{path.StreamPath}' has no track {path.TrackId?.ToString() ?? "(none named)"}"));
        }

        if (session?.IsPlaying(track.TrackId) == true)
        {
            return new Reply(RtspResponses.Error(RtspStatus.MethodNotValidInThisState, "the track is playing; PAUSE or TEARDOWN before a new SETUP"));
        }

        if (TransportNegotiation.Choose(offered, (_udp.RtpPort, _udp.RtcpPort), _sessions.InterleavedChannelsInUse(), track.Ssrc) is not { } accepted)
        {
            return new Reply(RtspResponses.Error(RtspStatus.UnsupportedTransport,
                $"no supported transport in '{transportHeader}' (RTP/AVP unicast with client_port, or RTP/AVP/TCP)"));
        }

        IRtpTransport rtpTransport = accepted.LowerTransport == LowerTransport.Tcp
            ? new InterleavedRtpTransport(_writer, accepted.Ports)
            : new UdpRtpTransport(_udp, _remote.Address, accepted.Ports);

        if (session is null)
        {
            session = new ClientSession(path.StreamPath, described.Session, _remote);
            _sessions.Add(session);
            // From now on a destroyed stream ends this session at once (PLAY then answers 454).
            Context.Watch(described.Session);
        }
        session.SetUp(new TrackSetup(track.TrackId, request.Uri, track.Ssrc, accepted, rtpTransport), Context);

        var response = new RtspResponse(RtspStatus.Ok);
        response.Headers.Set("Transport", accepted.Reply.ToString());
        response.Headers.Set("Session", session.Header(_settings.SessionTimeout));
        return new Reply(response);
    }

    private async Task<Reply> Play(RtspRequest request)
    {
        if (!TryRequireSession(request, out var session, out var missing))
        {
            return missing;
        }

        if (session!.Tracks.Count == 0)
        {
            return new Reply(RtspResponses.Error(RtspStatus.MethodNotValidInThisState, "no track was set up"));
        }

        var newSenders = new List<IActorRef>();
        var firstReports = new List<(TrackSetup Track, MediaSession.SenderReport Report)>();
        foreach (var track in session.Tracks.Where(t => t.Sender is null))
        {
            var sender = Context.ActorOf(MediaDispatcher.On(
                RtpSenderActor.Props($"{_remote} session {session.Id}", track.RtpTransport, _settings.ClientStallTimeout,
                    _settings.FramesPerAcknowledgement), Context.System));
            // A sender that stops unasked (it crashed) ends this client's session; see OnTerminated.
            Context.Watch(sender);
            track.Play(sender);
            newSenders.Add(sender);
            object subscribed;
            try
            {
                // A track that played before (PLAY after PAUSE) has had the cached frames' sequence numbers.
                var catchUpLimit = track.PlayStart is null ? track.RtpTransport.BurstLimitBytes : 0;
                subscribed = await session.MediaSession.Ask(new MediaSession.Subscribe(sender, track.TrackId, Self, catchUpLimit), FirstFrameWait);
            }
            catch (Exception error) when (error is AskTimeoutException or TaskCanceledException or ArgumentException)
            {
                session.StopSenders(Context);
                return new Reply(RtspResponses.Error(RtspStatus.ServiceUnavailable,
                    $"stream '{session.StreamPath}' sent no frame for track {track.TrackId} within {FirstFrameWait.TotalSeconds:0} s"));
            }
            var start = (MediaSession.Subscribed)subscribed;
            track.Started(start);
            if (start.FirstReport is { } firstReport)
            {
                firstReports.Add((track, firstReport));
            }
        }
        var response = new RtspResponse(RtspStatus.Ok);
        response.Headers.Set("Session", session.Header(_settings.SessionTimeout));
        response.Headers.Set("Range", RangeHeader.FormatNptFromStart());
        response.Headers.Set("RTP-Info", RtpInfoHeader.Format(session.Tracks.Select(t => t.PlayStart!.Value)));
        // The reply first (on TCP, media would otherwise arrive before it), then each track's first sender
        // report, then the media: players that get media before a report re-time it when the report arrives.
        return new Reply(response, () =>
        {
            foreach (var (track, report) in firstReports)
            {
                track.SendSenderReport(report);
            }

            newSenders.ForEach(s => s.Tell(RtpSender.Activate.Instance));
        });
    }

    private Reply Pause(RtspRequest request)
    {
        if (!TryRequireSession(request, out var session, out var missing))
        {
            return missing;
        }

        session!.StopSenders(Context);
        var response = new RtspResponse(RtspStatus.Ok);
        response.Headers.Set("Session", session!.Header(_settings.SessionTimeout));
        return new Reply(response);
    }

    private Reply Teardown(RtspRequest request)
    {
        if (!TryRequireSession(request, out var session, out var missing))
        {
            return missing;
        }

        _sessions.End(session!, "teardown", Context, _log);
        return new Reply(new RtspResponse(RtspStatus.Ok));
    }

    /// <summary>The keepalive of most players; with a Session header it must name a live session.</summary>
    private Reply GetParameter(RtspRequest request)
    {
        if (request.Headers["Session"] is not { } sessionHeader)
        {
            return new Reply(new RtspResponse(RtspStatus.Ok));
        }

        if (!_sessions.TryFind(sessionHeader, out var session))
        {
            return new Reply(RtspResponses.Error(RtspStatus.SessionNotFound, "unknown session"));
        }

        var response = new RtspResponse(RtspStatus.Ok);
        response.Headers.Set("Session", session!.Header(_settings.SessionTimeout));
        return new Reply(response);
    }

    private void OnSenderReport(MediaSession.SenderReport senderReport)
    {
        if (_sessions.TryFindSender(senderReport.Subscriber, out _, out var track))
        {
            track.SendSenderReport(senderReport);
        }
    }

    /// <summary>
    /// A watched actor stopped: the stream's media session (it was destroyed), or an RTP sender of
    /// this client that crashed (the supervisor stopped it). Either way the client sessions that
    /// depended on it end, and a connection left with nothing closes.
    /// </summary>
    private void OnTerminated(Terminated terminated)
    {
        _sessions.TryFindSender(terminated.ActorRef, out var crashed, out _);
        if (crashed is not null)
        {
            _log.Warning("Client {0} session {1}: its RTP sender failed; the session ends", _remote, crashed.Id);
            _sessions.End(crashed, "sender failed", Context, _log);
        }
        foreach (var session in _sessions.Of(terminated.ActorRef))
        {
            _sessions.End(session, "stream ended", Context, _log);
        }

        if (_sessions.Count == 0)
        {
            Close(crashed is null ? "its stream was destroyed" : "its RTP sender failed");
        }
    }

    private async Task<object> AskSession(string streamPath, object message, TimeSpan timeout)
    {
        try
        {
            return await _registry.Ask(new SessionRegistry.ForwardToSession(streamPath, message), timeout);
        }
        catch (Exception error) when (error is AskTimeoutException or TaskCanceledException)
        {
            return new MediaSession.Unavailable($"stream '{streamPath}' did not answer within {timeout.TotalSeconds:0} s");
        }
    }

    private static bool TryResolve(RtspRequest request, out MediaPath path, out Reply error)
    {
        if (RtspUrl.TryParse(request.Uri, out var url))
        {
            path = MediaPathResolver.Resolve(url!);
            error = default;
            return true;
        }

        path = default;
        error = new Reply(RtspResponses.Error(RtspStatus.BadRequest, $"malformed request URL '{request.Uri}'"));
        return false;
    }

    private bool TryRequireSession(RtspRequest request, out ClientSession? session, out Reply error)
    {
        error = default;
        if (request.Headers["Session"] is { } header && _sessions.TryFind(header, out session))
        {
            return true;
        }

        session = null;
        error = new Reply(RtspResponses.Error(RtspStatus.SessionNotFound,
            request.Headers["Session"] is null ? "a Session header is required" : "unknown session"));
        return false;
    }

    /// <summary>A response and, optionally, what to do once it is queued ahead of any media.</summary>
    private readonly record struct Reply(RtspResponse Response, Action? AfterQueued = null);
}
