using System.Text;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Tests.Rtsp;

public sealed class RtspResponseTests
{
    [Fact]
    public void Serializes_with_crlf_and_content_length()
    {
        var response = new RtspResponse(RtspStatus.Ok) { Body = Encoding.UTF8.GetBytes("v=0\r\n") };
        response.Headers.Add("CSeq", "2");
        response.Headers.Add("Content-Type", "application/sdp");

        var text = Encoding.UTF8.GetString(response.Serialize());

        Assert.Equal("RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n", text);
    }

    [Fact]
    public void Content_length_always_matches_the_body()
    {
        var response = new RtspResponse(RtspStatus.SessionNotFound);
        response.Headers.Add("Content-Length", "100");

        Assert.Equal("RTSP/1.0 454 Session Not Found\r\n\r\n", Encoding.UTF8.GetString(response.Serialize()));
    }

    [Fact]
    public void Round_trips_through_the_response_parser()
    {
        var response = new RtspResponse(RtspStatus.UnsupportedTransport) { Body = [1, 2, 3] };
        response.Headers.Add("CSeq", "9");
        var bytes = response.Serialize();

        Assert.True(RtspResponseParser.TryParse(bytes, out var parsed, out var consumed));

        Assert.Equal((461, "Unsupported Transport", bytes.Length), (parsed!.StatusCode, parsed.ReasonPhrase, consumed));
        Assert.Equal("9", parsed.Headers["cseq"]);
        Assert.Equal([1, 2, 3], parsed.Body);
    }

    [Fact]
    public void Response_parser_reports_incomplete_and_malformed_input()
    {
        var bytes = Encoding.UTF8.GetBytes("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 2\r\n\r\nab");
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(RtspResponseParser.TryParse(bytes.AsSpan(0, length), RtspParserLimits.Default, out _, out _, out var malformed));
            Assert.False(malformed);
        }

        Assert.False(RtspResponseParser.TryParse("HTTP/1.1 200 OK\r\n\r\n"u8, RtspParserLimits.Default, out _, out _, out var notRtsp));
        Assert.True(notRtsp);
    }

    [Fact]
    public void Reason_phrase_without_text_and_with_spaces()
    {
        Assert.True(RtspResponseParser.TryParse("RTSP/1.0 404\r\n\r\n"u8, out var bare, out _));
        Assert.True(RtspResponseParser.TryParse("RTSP/1.0 200 All Good Here\r\n\r\n"u8, out var spaced, out _));

        Assert.Equal("", bare!.ReasonPhrase);
        Assert.Equal("All Good Here", spaced!.ReasonPhrase);
    }

    [Fact]
    public void Reason_phrases_exist_for_the_codes_a_server_sends()
    {
        int[] codes = [200, 400, 401, 403, 404, 405, 406, 408, 413, 414, 451, 453, 454, 455, 457, 459, 460, 461, 462, 500, 501, 503, 505, 551];

        string[] genericPhrases = ["Success", "Redirection", "Client Error", "Server Error"];

        Assert.All(codes, code => Assert.DoesNotContain(RtspStatus.ReasonPhrase(code), genericPhrases));
        Assert.Equal("Client Error", RtspStatus.ReasonPhrase(499));
    }

    [Fact]
    public void Rejects_injection_through_the_reason_phrase_and_invalid_codes()
    {
        var response = new RtspResponse(200);

        Assert.Throws<ArgumentException>(() => response.ReasonPhrase = "OK\r\nX: 1");
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtspResponse(1000));
    }
}
