using System.Text;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Tests.Rtsp;

public sealed class RtspRequestParserTests
{
    private const string Describe =
        "DESCRIBE rtsp://cam/live RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\nUser-Agent: LibVLC/3.0\r\n\r\n";

    private const string SetParameter =
        "SET_PARAMETER rtsp://cam/live RTSP/1.0\r\nCSeq: 3\r\nContent-Length: 10\r\nContent-Type: text/parameters\r\n\r\nbarparam: ";

    private readonly RtspRequestParser _parser = new(RtspParserLimits.Default);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Parses_a_request()
    {
        var input = _parser.Parse(Bytes(Describe), out var consumed);

        Assert.Equal(RtspInputKind.Request, input.Kind);
        Assert.Equal(Describe.Length, consumed);
        var request = input.Request!;
        Assert.Equal((RtspMethods.DESCRIBE, "rtsp://cam/live", "RTSP/1.0"), (request.Method, request.Uri, request.Version));
        Assert.Equal(2, request.CSeq);
        Assert.Equal("application/sdp", request.Headers["accept"]);
        Assert.Equal(3, request.Headers.Count);
        Assert.Empty(request.Body);
    }

    [Fact]
    public void Reads_the_body_given_by_content_length()
    {
        var input = _parser.Parse(Bytes(SetParameter), out var consumed);

        Assert.Equal("barparam: ", Encoding.UTF8.GetString(input.Request!.Body));
        Assert.Equal(SetParameter.Length, consumed);
    }

    [Theory]
    [InlineData(Describe)]
    [InlineData(SetParameter)]
    public void Split_reads_at_every_byte_boundary_need_more_data_until_complete(string request)
    {
        var bytes = Bytes(request);
        for (var length = 0; length < bytes.Length; length++)
        {
            var partial = _parser.Parse(bytes.AsSpan(0, length), out var consumed);
            Assert.Equal(RtspInputKind.NeedMoreData, partial.Kind);
            Assert.Equal(0, consumed);
        }

        Assert.Equal(RtspInputKind.Request, _parser.Parse(bytes, out _).Kind);
    }

    [Fact]
    public void Pipelined_requests_and_interleaved_frames_in_one_buffer()
    {
        var buffer = new List<byte>();
        buffer.AddRange(Bytes(Describe));
        buffer.AddRange(Bytes("\r\n")); // stray empty line between messages
        buffer.AddRange([(byte)'$', 1, 0, 3, 0xAA, 0xBB, 0xCC]);
        buffer.AddRange(Bytes(SetParameter));
        var data = buffer.ToArray().AsSpan();

        var first = _parser.Parse(data, out var consumed);
        data = data[consumed..];
        var frame = _parser.Parse(data, out consumed);
        var payload = data.Slice(frame.PayloadOffset, frame.PayloadLength).ToArray();
        data = data[consumed..];
        var second = _parser.Parse(data, out consumed);
        data = data[consumed..];

        Assert.Equal(2, first.Request!.CSeq);
        Assert.Equal((RtspInputKind.InterleavedFrame, (byte)1), (frame.Kind, frame.Channel));
        Assert.Equal([0xAA, 0xBB, 0xCC], payload);
        Assert.Equal(3, second.Request!.CSeq);
        Assert.True(data.IsEmpty);
    }

    [Fact]
    public void Incomplete_interleaved_frame_needs_more_data()
    {
        Assert.Equal(RtspInputKind.NeedMoreData, _parser.Parse([(byte)'$', 0, 0], out _).Kind);
        Assert.Equal(RtspInputKind.NeedMoreData, _parser.Parse([(byte)'$', 0, 0, 2, 1], out _).Kind);
    }

    [Fact]
    public void Accepts_bare_line_feeds()
    {
        var input = _parser.Parse(Bytes("OPTIONS * RTSP/1.0\nCSeq: 1\n\n"), out var consumed);

        Assert.Equal(("*", 1), (input.Request!.Uri, input.Request.CSeq));
        Assert.Equal(28, consumed);
    }

    [Theory]
    [InlineData("DESCRIBE rtsp://x RTSP/1.0 extra\r\n\r\n")]
    [InlineData("DESCRIBE\r\n\r\n")]
    [InlineData("DESCRIBE  RTSP/1.0\r\n\r\n")]
    [InlineData("DESC(RIBE rtsp://x RTSP/1.0\r\n\r\n")]
    [InlineData("DESCRIBE rtsp://x RTSP\r\n\r\n")]
    [InlineData("DESCRIBE rtsp://x RTSP/1.0\r\nNo colon\r\n\r\n")]
    [InlineData("DESCRIBE rtsp://x RTSP/1.0\r\nCSeq: 1\r\n folded\r\n\r\n")]
    [InlineData("DESCRIBE rtsp://x RTSP/1.0\r\nBad Name: 1\r\n\r\n")]
    [InlineData("DESCRIBE rtsp://x RTSP/1.0\r\nX: a\rb\r\n\r\n")]
    [InlineData("DESCRIBE rtsp://x RTSP/1.0\r\nX: a\0b\r\n\r\n")]
    [InlineData("DESCRIBE rtsp://x RTSP/1.0\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("DESCRIBE rtsp://x RTSP/1.0\r\nContent-Length: ten\r\n\r\n")]
    [InlineData("DESCRIBE rtsp://x RTSP/1.0\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")]
    public void Malformed_requests_get_400(string request)
    {
        var input = _parser.Parse(Bytes(request), out var consumed);

        Assert.Equal((RtspInputKind.Error, 400, 0), (input.Kind, input.ErrorStatus, consumed));
        Assert.NotNull(input.ErrorMessage);
    }

    [Theory]
    [InlineData("RTSP/2.0")]
    [InlineData("HTTP/1.1")]
    public void Other_versions_get_505(string version)
    {
        var input = _parser.Parse(Bytes($"OPTIONS * {version}\r\nCSeq: 1\r\n\r\n"), out _);

        Assert.Equal((RtspInputKind.Error, 505), (input.Kind, input.ErrorStatus));
    }

    [Fact]
    public void Request_line_longer_than_the_limit_gets_414_even_before_it_ends()
    {
        var parser = new RtspRequestParser(new RtspParserLimits(MaxRequestLineLength: 100));
        var longLine = $"DESCRIBE rtsp://cam/{new string('a', 120)} RTSP/1.0";

        Assert.Equal(414, parser.Parse(Bytes(longLine + "\r\n\r\n"), out _).ErrorStatus);
        Assert.Equal(414, parser.Parse(Bytes(longLine), out _).ErrorStatus);
    }

    [Fact]
    public void Header_section_over_the_limits_gets_413_even_before_it_ends()
    {
        var parser = new RtspRequestParser(new RtspParserLimits(MaxHeaderBytes: 200, MaxHeaderCount: 3));
        var manyHeaders = "OPTIONS * RTSP/1.0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";
        var endless = "OPTIONS * RTSP/1.0\r\n" + string.Concat(Enumerable.Repeat("X-Pad: 0123456789\r\n", 20));

        Assert.Equal(413, parser.Parse(Bytes(manyHeaders), out _).ErrorStatus);
        Assert.Equal(413, parser.Parse(Bytes(endless), out _).ErrorStatus);
    }

    [Fact]
    public void Body_or_interleaved_frame_over_the_limits_gets_413()
    {
        var parser = new RtspRequestParser(new RtspParserLimits(MaxBodyBytes: 5, MaxInterleavedFrameBytes: 100));

        Assert.Equal(413, parser.Parse(Bytes("ANNOUNCE * RTSP/1.0\r\nContent-Length: 6\r\n\r\n"), out _).ErrorStatus);
        Assert.Equal(413, parser.Parse([(byte)'$', 0, 0, 101], out _).ErrorStatus);
    }

    [Fact]
    public void Endless_empty_lines_are_an_error_not_a_growing_buffer()
    {
        var input = _parser.Parse(Bytes(string.Concat(Enumerable.Repeat("\r\n", 5000))), out _);

        Assert.Equal(400, input.ErrorStatus);
    }

    [Fact]
    public void Never_needs_more_data_beyond_the_limits()
    {
        var limits = RtspParserLimits.Default;
        var bound = limits.MaxRequestLineLength + 2 + limits.MaxHeaderBytes + limits.MaxBodyBytes;
        var random = new Random(99);
        for (var i = 0; i < 50; i++)
        {
            var prefix = Bytes(i % 2 == 0 ? "OPTIONS * RTSP/1.0\r\n" : "SET_PARAMETER * RTSP/1.0\r\nContent-Length: 65536\r\n\r\n");
            var buffer = new byte[bound + 1];
            random.NextBytes(buffer);
            prefix.CopyTo(buffer, 0);
            Array.Fill(buffer, (byte)'a', prefix.Length, i % 2 == 0 ? bound + 1 - prefix.Length : 0);

            Assert.NotEqual(RtspInputKind.NeedMoreData, _parser.Parse(buffer, out _).Kind);
        }
    }
}
