using System.Globalization;
using System.Net;
using System.Text;
using MediaActors.Protocol.Rtsp;
using MediaActors.Protocol.Sdp;
using MediaActors.Sessions;

namespace MediaActors.Connections;

/// <summary>
/// The responses of a connection that do not depend on its state: errors that say why in their
/// body, the method list, the SDP of DESCRIBE, and the headers every response carries.
/// </summary>
internal static class RtspResponses
{
    /// <summary>The Server header, and the SDP's tool.</summary>
    public const string ServerName = "MediaActors/1.0";

    private const string PublicMethods = "OPTIONS, DESCRIBE, ANNOUNCE, SETUP, PLAY, PAUSE, RECORD, TEARDOWN, GET_PARAMETER";

    /// <summary>An error reply whose plain-text body says why, so that a user sees the cause in the player's log.</summary>
    public static RtspResponse Error(int status, string reason)
    {
        var response = new RtspResponse(status) { Body = Encoding.UTF8.GetBytes(reason + "\r\n") };
        response.Headers.Set("Content-Type", "text/plain; charset=utf-8");
        return response;
    }

    /// <summary>302: the stream is to be played from another server (a relay with spare capacity), at <paramref name="location"/>.</summary>
    public static RtspResponse Redirect(string location)
    {
        var response = Error(RtspStatus.MovedTemporarily, $"this server is busy; play {location}");
        response.Headers.Set("Location", location);
        return response;
    }

    /// <summary>200, naming the client session the request was about (PLAY, PAUSE, SETUP, GET_PARAMETER) if any.</summary>
    public static RtspResponse Ok(string? session = null)
    {
        var response = new RtspResponse(RtspStatus.Ok);
        if (session is not null)
        {
            response.Headers.Set("Session", session);
        }

        return response;
    }

    /// <summary>The PLAY reply: the stream plays from now on, each track from where RTP-Info says it starts.</summary>
    public static RtspResponse Playing(string session, IEnumerable<RtpInfoEntry> starts)
    {
        var response = Ok(session);
        response.Headers.Set("Range", RangeHeader.FormatNptFromStart());
        response.Headers.Set("RTP-Info", RtpInfoHeader.Format(starts));
        return response;
    }

    public static RtspResponse MalformedUrl(string uri) => Error(RtspStatus.BadRequest, $"malformed request URL '{uri}'");

    public static RtspResponse Options()
    {
        var response = Ok();
        response.Headers.Set("Public", PublicMethods);
        return response;
    }

    public static RtspResponse NotImplemented(string method)
    {
        var response = Error(RtspStatus.NotImplemented, $"method {method} is not supported");
        response.Headers.Set("Public", PublicMethods);
        return response;
    }

    /// <summary>551 for a Require header: this server supports no option.</summary>
    public static RtspResponse Unsupported(string required)
    {
        var response = Error(RtspStatus.OptionNotSupported, $"no option in Require: {required} is supported");
        response.Headers.Set("Unsupported", required);
        return response;
    }

    /// <summary>The answer to a stream's session that did not describe it: 503 when it cannot yet, 404 when there is none.</summary>
    public static RtspResponse NotDescribed(string streamPath, object answer) => answer switch
    {
        SessionRegistry.Redirected redirected => Redirect(redirected.Location),
        MediaSession.Unavailable unavailable => Error(RtspStatus.ServiceUnavailable, unavailable.Reason),
        _ => Error(RtspStatus.NotFound, $"no stream named '{streamPath}'"),
    };

    /// <summary>The SDP of a stream, for DESCRIBE at <paramref name="requestUri"/> on <paramref name="localAddress"/>.</summary>
    public static RtspResponse Description(MediaSession.Described described, string requestUri, IPAddress localAddress)
    {
        var sdp = SessionDescriptionWriter.Write(
            new SessionDescriptionOptions(
                SessionName: described.SessionName,
                OriginAddress: localAddress.ToString(),
                SessionId: (ulong)Random.Shared.NextInt64(1, long.MaxValue),
                SessionVersion: 1,
                Tool: ServerName),
            described.Tracks.Select(track => track.Media).ToList());
        var response = new RtspResponse(RtspStatus.Ok) { Body = Encoding.UTF8.GetBytes(sdp) };
        response.Headers.Set("Content-Type", "application/sdp");
        // Relative a=control URLs resolve against this (RFC 2326 C.1.1); players differ on
        // trailing slashes, so it always ends with one.
        response.Headers.Set("Content-Base", requestUri.EndsWith('/') ? requestUri : requestUri + "/");
        return response;
    }

    /// <summary>The last words on a byte stream that cannot be parsed further: the connection closes after it.</summary>
    public static byte[] Closing(int status)
    {
        var response = new RtspResponse(status);
        response.Headers.Set("Server", ServerName);
        response.Headers.Set("Connection", "close");
        return response.Serialize();
    }

    /// <summary>The response to a request in wire format, with the request's CSeq (when it had a valid one), Server and Date.</summary>
    public static byte[] Serialize(RtspResponse response, int? cseq)
    {
        if (cseq is { } sequence)
        {
            response.Headers.Set("CSeq", sequence.ToString(CultureInfo.InvariantCulture));
        }

        response.Headers.Set("Server", ServerName);
        response.Headers.Set("Date", DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture));
        return response.Serialize();
    }
}
