using System.Text;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Tests.Transports;

/// <summary>The tunnel's HTTP heads and its POST body's base64, as players split and pad it.</summary>
public sealed class TunnelParsingTests
{
    private static readonly RtspParserLimits Limits = RtspParserLimits.Default;

    [Fact]
    public void Requests_encoded_one_by_one_decode_whole_wherever_the_reads_split_them()
    {
        var requests = new[] { "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n", "DESCRIBE rtsp://h/x RTSP/1.0\r\nCSeq: 22\r\n\r\n", "$\u0001\u0000\u0002ab" };
        var body = Encoding.ASCII.GetBytes(string.Concat(requests.Select(request => Convert.ToBase64String(Encoding.Latin1.GetBytes(request)) + "\r\n")));
        var expected = Encoding.Latin1.GetBytes(string.Concat(requests));

        for (var split = 0; split <= body.Length; split++)
        {
            var decoder = new TunnelBase64Decoder();
            var output = new byte[body.Length];
            var first = decoder.Decode(body.AsSpan(0, split), output);
            var second = decoder.Decode(body.AsSpan(split), output.AsSpan(first));
            Assert.Equal(expected, output.AsSpan(0, first + second).ToArray());
        }
    }

    [Theory]
    [InlineData("T1BU*")]
    [InlineData("=AAA")]
    [InlineData("QQ=Q")]
    public void A_body_that_is_not_base64_is_an_error(string body) =>
        Assert.Equal(-1, new TunnelBase64Decoder().Decode(Encoding.ASCII.GetBytes(body), new byte[16]));

    [Fact]
    public void A_get_head_gives_its_path_and_cookie_and_its_length()
    {
        var head = "GET /cam/1 HTTP/1.0\r\nx-sessioncookie: abc123\r\nAccept: application/x-rtsp-tunnelled\r\n\r\n";
        var request = TunnelRequest.Parse(Encoding.ASCII.GetBytes(head + "rest"), Limits, out var consumed, out var error);

        Assert.Null(error);
        Assert.Equal(new TunnelRequest("GET", "/cam/1", "abc123"), request);
        Assert.True(request!.IsGet);
        Assert.Equal(head.Length, consumed);
    }

    [Fact]
    public void A_head_not_whole_yet_needs_more_and_a_bad_version_is_an_error()
    {
        Assert.Null(TunnelRequest.Parse("POST /x HTTP/1.0\r\nx-sessioncookie: a"u8, Limits, out _, out var partial));
        Assert.Null(partial);
        Assert.Null(TunnelRequest.Parse("GET /x SIP/2.0\r\n\r\n"u8, Limits, out _, out var error));
        Assert.Equal(400, error!.Value.Status);
    }

    [Theory]
    [InlineData("GET / HTTP/1.0", true)]
    [InlineData("POST /x HTTP/1.1", true)]
    [InlineData("OPTIONS * RTSP/1.0", false)]
    [InlineData("GET_PARAMETER rtsp://h/x RTSP/1.0", false)]
    public void Only_http_get_and_post_open_a_tunnel(string line, bool tunnel) =>
        Assert.Equal(tunnel, TunnelRequest.StartsTunnel(Encoding.ASCII.GetBytes(line)));
}
