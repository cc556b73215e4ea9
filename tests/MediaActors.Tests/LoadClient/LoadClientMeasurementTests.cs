using MediaActors.LoadClient.Rtsp;
using MediaActors.Protocol.Formats;

namespace MediaActors.Tests.LoadClient;

/// <summary>The load client's own parsing and counting, which the benchmark's numbers rest on.</summary>
public sealed class LoadClientMeasurementTests
{
    [Fact]
    public void The_sdp_gives_the_first_video_stream_its_codec_and_control()
    {
        const string sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=test\r\na=control:*\r\n" +
                           "m=audio 0 RTP/AVP 0\r\na=control:trackID=1\r\n" +
                           "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H265/90000\r\na=control:trackID=0\r\n";

        var description = SessionDescription.Parse(sdp);

        Assert.Equal("*", description.Control);
        Assert.Equal(new VideoStream("trackID=0", Codec.H265), description.Video);
    }

    [Theory]
    [InlineData("rtsp://h:8554/test/", "trackID=0", "rtsp://h:8554/test/trackID=0")]
    [InlineData("rtsp://h:8554/test", "trackID=0", "rtsp://h:8554/test/trackID=0")]
    [InlineData("rtsp://h:8554/test/", "rtsp://h:8554/test/stream=0", "rtsp://h:8554/test/stream=0")]
    [InlineData("rtsp://h:8554/test/", "*", "rtsp://h:8554/test/")]
    [InlineData("rtsp://h:8554/test/", null, "rtsp://h:8554/test/")]
    public void Control_urls_resolve_against_the_base(string baseUrl, string? control, string resolved) =>
        Assert.Equal(resolved, ControlUrl.Resolve(baseUrl, control));

    [Theory]
    [InlineData("RTP/AVP/TCP;unicast;interleaved=2-3;ssrc=1234", (byte)2)]
    [InlineData("RTP/AVP;unicast;client_port=5000-5001", null)]
    public void The_interleaved_rtp_channel_comes_from_the_setup_reply(string transport, byte? channel) =>
        Assert.Equal(channel, TransportReply.InterleavedRtpChannel(transport));
}
