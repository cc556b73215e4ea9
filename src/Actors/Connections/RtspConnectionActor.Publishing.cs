using System.Text;
using Akka.Actor;
using Akka.Event;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtsp;
using MediaActors.Protocol.Sdp;
using MediaActors.Sources;

namespace MediaActors.Connections;

/// <summary>
/// The publisher's methods (RFC 2326 10.3 ANNOUNCE, 10.11 RECORD, and SETUP with mode=record): a
/// publisher announces its stream's SDP for a path, sets up its tracks (interleaved, or UDP to
/// ports bound for it), and records; its packets become frames of the path's publish point. What
/// it sends beyond what it set up ends its connection; the path's readers stay.
/// </summary>
public sealed partial class RtspConnectionActor
{
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(5);

    private PublishingSession? _publishing;

    /// <summary>Whether a request belongs to publishing, and so passes the publishers' authentication rather than the readers'.</summary>
    private bool IsPublishing(RtspRequest request) =>
        request.Method is RtspMethods.ANNOUNCE or RtspMethods.RECORD || _publishing is not null;

    private RtspReply? Announce(RtspRequest request)
    {
        if (_publishing is not null || _sessions.Count > 0)
        {
            return new RtspReply(RtspResponses.Error(RtspStatus.MethodNotValidInThisState,
                "this connection already plays or publishes; announce on a connection of its own"));
        }

        if (Resolve(request) is not { } path)
        {
            return new RtspReply(RtspResponses.MalformedUrl(request.Uri));
        }

        if (request.Headers["Content-Type"] is not { } type || !type.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase))
        {
            return new RtspReply(RtspResponses.Error(RtspStatus.UnsupportedMediaType, "ANNOUNCE needs a body of Content-Type application/sdp"));
        }

        if (!SessionDescription.TryParse(Encoding.UTF8.GetString(request.Body), out var description))
        {
            return new RtspReply(RtspResponses.Error(RtspStatus.BadRequest, "the ANNOUNCE body is not a session description (SDP)"));
        }

        var refused = new List<string>();
        if (ReceivedTrack.Choose(description, request.Uri, refused) is not { } chosen)
        {
            return new RtspReply(RtspResponses.Error(RtspStatus.UnsupportedMediaType,
                "the announced stream has no video this server can take" + (refused.Count > 0 ? ": " + string.Join("; ", refused) : "")));
        }

        var claim = new Publishing.Claim(path.StreamPath, chosen[0].Format.Format.Codec, chosen.Count > 1 ? chosen[1].Format.Format.Codec : null, Self, _remote.ToString());
        return Await(request, session: null,
            cancel => ClaimAsync(claim, cancel),
            answer => answer switch
            {
                Publishing.Granted granted => Published(path.StreamPath, chosen, granted, refused),
                Publishing.Refused no => new RtspReply(RtspResponses.Error(no.Status, no.Reason)),
                _ => new RtspReply(RtspResponses.Error(RtspStatus.ServiceUnavailable, $"'{path.StreamPath}' could not be claimed for publishing in time")),
            });
    }

    private async Task<object> ClaimAsync(Publishing.Claim claim, CancellationToken cancel)
    {
        try
        {
            return await _registry.Ask(claim, ClaimTimeout, cancel);
        }
        catch (Exception error) when (error is AskTimeoutException or TaskCanceledException)
        {
            return error;
        }
    }

    private RtspReply Published(string path, IReadOnlyList<(ReceivedFormat Format, string ControlUri)> chosen, Publishing.Granted granted, List<string> refused)
    {
        _publishing = new PublishingSession(path, ReceivedTrack.Create(chosen, granted.Timeline), granted);
        foreach (var reason in refused)
        {
            _log.Warning("Publisher {0} of {1}: a track is left out: {2}", _remote, path, reason);
        }

        return new RtspReply(RtspResponses.Ok());
    }

    /// <summary>SETUP of an announced track, to be received: interleaved on the channels the publisher names, or over UDP to ports bound for it.</summary>
    private RtspReply SetupRecord(RtspRequest request, PublishingSession publishing)
    {
        if (request.Headers["Session"] is not null && !NamesSession(request, publishing))
        {
            return new RtspReply(RtspResponses.Error(RtspStatus.SessionNotFound, "unknown session"));
        }

        if (request.Headers["Transport"] is not { } transport || !TransportHeader.TryParse(transport, out var offered) || offered.Count == 0)
        {
            return new RtspReply(RtspResponses.Error(RtspStatus.BadRequest, "SETUP needs a valid Transport header"));
        }

        if (publishing.TrackOf(request.Uri) is not { } track)
        {
            return new RtspReply(RtspResponses.Error(RtspStatus.NotFound, $"'{request.Uri}' names no track of the announced stream"));
        }

        if (publishing.IsSetUp(track) || publishing.Receiver is not null)
        {
            return new RtspReply(RtspResponses.Error(RtspStatus.MethodNotValidInThisState, "the track is set up already, or recording has begun"));
        }

        var spec = offered[0];
        TransportSpec reply;
        if (spec.LowerTransport == LowerTransport.Tcp)
        {
            var channels = spec.Interleaved ?? publishing.FreeChannels();
            if (channels.Rtp is < 0 or > 255 || channels.Rtcp is < 0 or > 255
                || publishing.Receivers.IsMapped((byte)channels.Rtp) || publishing.Receivers.IsMapped((byte)channels.Rtcp))
            {
                return new RtspReply(RtspResponses.Error(RtspStatus.UnsupportedTransport, $"interleaved channels {channels.Rtp}-{channels.Rtcp} are not free"));
            }

            publishing.Receivers.MapChannels(track, channels);
            reply = new TransportSpec { Profile = spec.Profile, LowerTransport = LowerTransport.Tcp, Interleaved = channels, Mode = "record" };
        }
        else if (spec.ClientPorts is { } clientPorts)
        {
            var serverPorts = publishing.Receivers.BindUdp(track, _local.Address);
            publishing.Receivers.SetSender(track, _remote.Address, clientPorts.Rtcp);
            reply = new TransportSpec { Profile = spec.Profile, ClientPorts = clientPorts, ServerPorts = serverPorts, Mode = "record" };
        }
        else
        {
            return new RtspReply(RtspResponses.Error(RtspStatus.UnsupportedTransport, $"no supported transport in '{transport}' (RTP/AVP/TCP, or RTP/AVP with client_port)"));
        }

        track.ExpectSsrc(spec.Ssrc);
        publishing.SetUp(track);
        var response = RtspResponses.Ok(publishing.Header(_settings.SessionTimeout));
        response.Headers.Set("Transport", reply.ToString());
        return new RtspReply(response);
    }

    private RtspReply Record(RtspRequest request)
    {
        if (_publishing is not { } publishing || !NamesSession(request, publishing))
        {
            return new RtspReply(RtspResponses.Error(RtspStatus.SessionNotFound, "RECORD needs the session of an ANNOUNCE and SETUP on this connection"));
        }

        if (!publishing.AnySetUp)
        {
            return new RtspReply(RtspResponses.Error(RtspStatus.MethodNotValidInThisState, "no track was set up"));
        }

        if (publishing.Receiver is null)
        {
            publishing.Record();
            _log.Info("Publisher {0} records {1}", _remote, publishing.Path);
        }

        return new RtspReply(RtspResponses.Ok(publishing.Header(_settings.SessionTimeout)));
    }

    private RtspReply TeardownRecord(RtspRequest request, PublishingSession publishing)
    {
        if (!NamesSession(request, publishing))
        {
            return new RtspReply(RtspResponses.Error(RtspStatus.SessionNotFound, "unknown session"));
        }

        _log.Info("Publisher {0} of {1} tore down", _remote, publishing.Path);
        StopPublishing("tore down");
        return new RtspReply(RtspResponses.Ok());
    }

    /// <summary>
    /// An interleaved frame: the publisher's media on a channel it set up; anything else from a
    /// publisher (a channel it did not set up) ends its connection. A player's odd channels carry its RTCP.
    /// </summary>
    private bool OnInterleaved(byte channel, ReadOnlySpan<byte> payload)
    {
        if (_publishing is not { } publishing)
        {
            if (channel % 2 == 1)
            {
                _sessions.AccountRtcp(payload);
            }

            return true;
        }

        if (!publishing.Receivers.IsMapped(channel))
        {
            FailProtocol(RtspStatus.BadRequest, $"publisher sent media on interleaved channel {channel}, which it did not set up");
            return false;
        }

        publishing.Receivers.OnInterleaved(channel, payload);
        return true;
    }

    /// <summary>
    /// The publisher tore down or its connection is closing (<paramref name="how"/>): its packets are
    /// received no more, and its publish point knows at once, before the connection is gone, so that
    /// a publisher starting again right away finds the path free.
    /// </summary>
    private void StopPublishing(string how)
    {
        if (_publishing is not { } publishing)
        {
            return;
        }

        _publishing = null;
        publishing.Granted.Point.Tell(new Publishing.Release(how), Self);
        publishing.Dispose();
    }

    private static bool NamesSession(RtspRequest request, PublishingSession publishing) =>
        request.Headers["Session"] is { } value && SessionHeader.TryParse(value, out var header) && header!.Id == publishing.Id;
}
