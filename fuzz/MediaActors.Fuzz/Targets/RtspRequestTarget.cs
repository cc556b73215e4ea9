using System.Text;
using MediaActors.Connections;
using MediaActors.Operations;
using MediaActors.Protocol.Rtsp;
using MediaActors.Protocol.Sdp;
using MediaActors.Sources;

namespace MediaActors.Fuzz.Targets;

/// <summary>
/// What an RTSP client sends the server's connection: requests and interleaved frames, framed by
/// <see cref="RtspRequestParser"/> item after item as <c>ConnectionInput.Handle</c> does; each
/// request then meets what <c>RtspConnectionActor.Answer</c> reads of it before asking any actor:
/// CSeq, Require, Authorization (against credentials, then as a server without any), the URL and
/// its media path, SETUP's Transport and Session, the Session of PLAY/PAUSE/TEARDOWN/GET_PARAMETER,
/// ANNOUNCE's SDP; an interleaved frame is the player's RTCP. The reply is serialized as it would
/// be sent. The parser never throws, and the connection catches nothing around any of it.
/// </summary>
public sealed class RtspRequestTarget : IFuzzTarget
{
    public string Name => "rtsp-request";

    public void Run(ReadOnlySpan<byte> input)
    {
        var parser = new RtspRequestParser(RtspParserLimits.Default);
        var sessions = new ClientSessions(ReaderKind.RtspTcp);
        var authenticator = ServerAuthentication.Create();
        while (true)
        {
            var item = parser.Parse(input, out var consumed);
            switch (item.Kind)
            {
                case RtspInputKind.Request:
                    var request = item.Request!;
                    // A server with credentials refuses what does not carry them; one without (the
                    // default) goes on to the method, which the fuzzer could not reach past Digest.
                    if (RequestRefusal.Of(request, authenticator) is { } refusal)
                    {
                        RtspResponses.Serialize(refusal, request.CSeq);
                    }

                    var reply = RequestRefusal.Of(request, authenticator: null) ?? Answer(request, sessions);
                    RtspResponses.Serialize(reply, request.CSeq);
                    break;
                case RtspInputKind.InterleavedFrame:
                    sessions.AccountRtcp(input.Slice(item.PayloadOffset, item.PayloadLength));
                    break;
                default:
                    return;
            }

            input = input[consumed..];
        }
    }

    private static RtspResponse Answer(RtspRequest request, ClientSessions sessions)
    {
        if (!RtspUrl.TryParse(request.Uri, out var url))
        {
            return RtspResponses.MalformedUrl(request.Uri);
        }

        var path = MediaPathResolver.Resolve(url!);
        switch (request.Method)
        {
            case RtspMethods.SETUP:
                if (SetupRequest.Parse(request, path, sessions, out var refusal) is not { } setup)
                {
                    return refusal!;
                }

                var accepted = TransportNegotiation.Choose(setup.Offered, (6970, 6971), [], ssrc: 0x12345678,
                    new MulticastDestination(System.Net.IPAddress.Parse("224.1.0.1"), (8002, 8003), 16));
                var response = RtspResponses.Ok();
                if (accepted is not null)
                {
                    response.Headers.Set("Transport", accepted.Reply.ToString());
                }

                return response;
            case RtspMethods.PLAY or RtspMethods.PAUSE or RtspMethods.TEARDOWN or RtspMethods.GET_PARAMETER:
                return sessions.Require(request, out var missing) is null ? missing! : RtspResponses.Ok();
            case RtspMethods.ANNOUNCE:
                if (request.Headers["Content-Type"] is not { } type || !type.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase)
                    || !SessionDescription.TryParse(Encoding.UTF8.GetString(request.Body), out var description))
                {
                    return RtspResponses.Error(RtspStatus.BadRequest, "not an SDP");
                }

                if (ReceivedTrack.Choose(description, request.Uri, []) is { } chosen)
                {
                    ReceivedTrack.Create(chosen, new SourceTimeline());
                }

                return RtspResponses.Ok();
            case RtspMethods.OPTIONS or RtspMethods.DESCRIBE or RtspMethods.RECORD:
                return RtspResponses.Options();
            default:
                return RtspResponses.NotImplemented(request.Method);
        }
    }
}
