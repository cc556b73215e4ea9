using System.Text;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Tests.Rtsp;

public sealed class RtspRequestTests
{
    [Fact]
    public void Serializes_and_parses_back()
    {
        var request = new RtspRequest(RtspMethods.SETUP, "rtsp://cam/live/trackID=0", new RtspHeaders { { "CSeq", "3" }, { "Transport", "RTP/AVP;unicast;client_port=5000-5001" } });

        var bytes = request.Serialize();
        var parsed = new RtspRequestParser(RtspParserLimits.Default).Parse(bytes, out _).Request!;

        Assert.Equal("SETUP rtsp://cam/live/trackID=0 RTSP/1.0\r\nCSeq: 3\r\nTransport: RTP/AVP;unicast;client_port=5000-5001\r\n\r\n", Encoding.UTF8.GetString(bytes));
        Assert.Equal((request.Method, request.Uri, 3), (parsed.Method, parsed.Uri, parsed.CSeq));
    }

    [Fact]
    public void CSeq_is_null_when_missing_or_not_a_number()
    {
        Assert.Null(new RtspRequest("OPTIONS", "*").CSeq);
        Assert.Null(new RtspRequest("OPTIONS", "*", new RtspHeaders { { "CSeq", "abc" } }).CSeq);
    }

    [Theory]
    [InlineData("OPT IONS", "*")]
    [InlineData("OPTIONS", "rtsp://x/a b")]
    [InlineData("OPTIONS", "rtsp://x/\r\nX: 1")]
    [InlineData("OPTIONS", "")]
    public void Rejects_methods_and_uris_that_would_break_the_request_line(string method, string uri)
    {
        Assert.Throws<ArgumentException>(() => new RtspRequest(method, uri));
    }
}
