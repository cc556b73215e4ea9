using System.Text;
using MediaActors.Protocol.Auth;
using MediaActors.Protocol.Rtsp;
using MediaActors.Protocol.Sdp;
using MediaActors.Sources;

namespace MediaActors.Fuzz.Targets;

/// <summary>
/// What a camera (pulled) or a target server (pushed to) sends back: responses, requests of its
/// own and interleaved media, told apart and framed as <c>RtspClientConnection.HandleBuffered</c>
/// does; each response then meets what the client reads of it: WWW-Authenticate (the answer to a
/// 401), Session, Public, a redirect's Location, SETUP's Transport, DESCRIBE's SDP and its tracks.
/// Interleaved frames go to a received H.264 track as RTP (even channel) or RTCP (odd). The
/// client ends the connection with an <see cref="RtspSourceException"/> for whatever it cannot
/// use, and catches that; nothing else.
/// </summary>
public sealed class RtspResponseTarget : IFuzzTarget
{
    private const string RequestUri = "rtsp://camera.example:554/stream";

    public string Name => "rtsp-response";

    public void Run(ReadOnlySpan<byte> input)
    {
        var track = ReceivedTracks.Create(RtpDepacketizerTarget.H264Sdp);
        var frames = new List<Pipeline.EncodedFrame>();
        try
        {
            HandleBuffered(input, track, frames);
        }
        catch (RtspSourceException)
        {
            // The connection fails with a message; the source reconnects later.
        }
    }

    /// <summary>The framing loop of RtspClientConnection.HandleBuffered, over the whole input.</summary>
    private static void HandleBuffered(ReadOnlySpan<byte> input, ReceivedTrack track, List<Pipeline.EncodedFrame> frames)
    {
        var used = 0;
        while (used < input.Length)
        {
            var rest = input[used..];
            if (rest[0] == InterleavedFrame.Magic)
            {
                if (!InterleavedFrame.TryReadHeader(rest, out var channel, out var length) || rest.Length < InterleavedFrame.HeaderSize + length)
                {
                    return;
                }

                var payload = rest.Slice(InterleavedFrame.HeaderSize, length);
                if (channel % 2 == 0)
                {
                    track.PushRtp(payload, arrivalMicros: used, frames);
                }
                else
                {
                    track.PushRtcp(payload, arrivalMicros: used);
                }

                used += InterleavedFrame.HeaderSize + length;
            }
            else if (rest[0] is (byte)'\r' or (byte)'\n')
            {
                used++;
            }
            else if (rest.StartsWith("RTSP/"u8))
            {
                if (!RtspResponseParser.TryParse(rest, RtspParserLimits.Default, out var response, out var consumed, out var malformed))
                {
                    if (malformed)
                    {
                        throw new RtspSourceException("the server sent a malformed response");
                    }

                    return;
                }

                Read(response!);
                used += consumed;
            }
            else
            {
                var parsed = new RtspRequestParser(RtspParserLimits.Default).Parse(rest, out var consumed);
                switch (parsed.Kind)
                {
                    case RtspInputKind.NeedMoreData:
                        return;
                    case RtspInputKind.Request:
                        var reply = new RtspResponse(parsed.Request!.Method is RtspMethods.OPTIONS ? RtspStatus.Ok : RtspStatus.NotImplemented);
                        reply.Headers.Add("CSeq", parsed.Request.CSeq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0");
                        reply.Serialize();
                        used += consumed;
                        break;
                    default:
                        throw new RtspSourceException("the server sent bytes that are neither a response nor an interleaved frame");
                }
            }
        }
    }

    /// <summary>What RtspClientConnection.RequestAsync and RtspPlayer read of a response.</summary>
    private static void Read(RtspResponse response)
    {
        response.Headers.TryGetNonNegativeInt32("CSeq", out _);
        if (response.StatusCode == RtspStatus.Unauthorized
            && RtspAuthorizationSender.TryCreate(ServerAuthentication.Credentials, response.Headers.GetValues("WWW-Authenticate"), out var sender))
        {
            sender!.Authorize(RtspMethods.DESCRIBE, RequestUri);
            sender.Authorize(RtspMethods.SETUP, RequestUri + "/trackID=0");
        }

        if (response.Headers["Session"] is { } session)
        {
            SessionHeader.TryParse(session, out _);
        }

        _ = response.Headers["Public"]?.Contains(RtspMethods.GET_PARAMETER, StringComparison.OrdinalIgnoreCase);
        if (response.StatusCode is >= 300 and < 400 && response.Headers["Location"] is { } location
            && (!RtspUrl.TryParseWithCredentials(location, out var next, out _) || next.Host.Length == 0))
        {
            throw new RtspSourceException("redirected to something not rtsp://");
        }

        if (response.Headers["Transport"] is { } transport && TransportHeader.TryParse(transport, out var specs) && specs.Count > 0)
        {
            _ = specs[0].Ssrc;
            _ = specs[0].Interleaved ?? (0, 1);
        }

        RtspAnswers.RequireOk(response, RtspMethods.DESCRIBE, "the camera", "has no stream at this URL");
        if (response.Body.Length > 0)
        {
            if (!SessionDescription.TryParse(Encoding.UTF8.GetString(response.Body), out var description))
            {
                throw new RtspSourceException("not an SDP");
            }

            var contentBase = response.Headers["Content-Base"] ?? response.Headers["Content-Location"] ?? RequestUri;
            var chosen = ReceivedTrack.Choose(description, contentBase, []) ?? throw new RtspSourceException("no playable video");
            ReceivedTrack.Create(chosen, new SourceTimeline());
        }
    }
}
