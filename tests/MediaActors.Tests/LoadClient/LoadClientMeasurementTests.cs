using MediaActors.LoadClient.Rtp;
using MediaActors.LoadClient.Rtsp;

namespace MediaActors.Tests.LoadClient;

/// <summary>The load client's own parsing and counting, which the benchmark's numbers rest on.</summary>
public sealed class LoadClientMeasurementTests
{
    [Theory]
    [InlineData(new ushort[] { 1, 2, 3, 4 }, 0)]
    [InlineData(new ushort[] { 1, 2, 5, 6 }, 2)]
    [InlineData(new ushort[] { 65534, 65535, 0, 1 }, 0)] // wraparound
    [InlineData(new ushort[] { 65534, 1 }, 2)] // a gap across the wraparound
    [InlineData(new ushort[] { 1, 3, 2, 4 }, 0)] // reordered
    [InlineData(new ushort[] { 1, 2, 2, 3 }, 0)] // duplicated
    [InlineData(new ushort[] { 1, 3, 3, 4 }, 1)] // a duplicate does not fill a gap
    [InlineData(new ushort[] { 100, 200, 101 }, 99)] // later than the reorder window: stays lost
    public void Sequence_gaps_count_missing_numbers_only(ushort[] sequence, long lost)
    {
        var gaps = new SequenceGaps();
        foreach (var number in sequence)
        {
            gaps.Add(number);
        }

        Assert.Equal(lost, gaps.Lost);
    }

    [Theory]
    [InlineData(VideoCodec.H264, new byte[] { 0x65, 0x88 }, true)] // IDR slice
    [InlineData(VideoCodec.H264, new byte[] { 0x67, 0x42 }, true)] // SPS
    [InlineData(VideoCodec.H264, new byte[] { 0x41, 0x9A }, false)] // non-IDR slice
    [InlineData(VideoCodec.H264, new byte[] { 0x78, 0, 2, 0x09, 0x10, 0, 2, 0x67, 0x42 }, true)] // STAP-A: AUD, SPS
    [InlineData(VideoCodec.H264, new byte[] { 0x78, 0, 2, 0x09, 0x10, 0, 2, 0x41, 0x9A }, false)] // STAP-A: AUD, non-IDR
    [InlineData(VideoCodec.H264, new byte[] { 0x7C, 0x85, 0x88 }, true)] // FU-A start of an IDR slice
    [InlineData(VideoCodec.H264, new byte[] { 0x7C, 0x05, 0x88 }, false)] // FU-A middle of an IDR slice
    [InlineData(VideoCodec.H265, new byte[] { 0x26, 0x01, 0xAF }, true)] // IDR_W_RADL (19)
    [InlineData(VideoCodec.H265, new byte[] { 0x40, 0x01, 0x0C }, true)] // VPS
    [InlineData(VideoCodec.H265, new byte[] { 0x02, 0x01, 0xD0 }, false)] // TRAIL_R
    [InlineData(VideoCodec.H265, new byte[] { 0x60, 0x01, 0, 2, 0x40, 0x01 }, true)] // AP holding a VPS
    [InlineData(VideoCodec.H265, new byte[] { 0x62, 0x01, 0x93, 0xAF }, true)] // FU start of an IDR_W_RADL
    [InlineData(VideoCodec.H265, new byte[] { 0x62, 0x01, 0x13, 0xAF }, false)] // FU middle
    public void Keyframes_are_recognised_alone_aggregated_and_fragmented(VideoCodec codec, byte[] payload, bool keyframe) =>
        Assert.Equal(keyframe, KeyframeDetector.StartsKeyframe(codec, payload));

    [Fact]
    public void The_sdp_gives_the_first_video_stream_its_codec_and_control()
    {
        const string sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=test\r\na=control:*\r\n" +
                           "m=audio 0 RTP/AVP 0\r\na=control:trackID=1\r\n" +
                           "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H265/90000\r\na=control:trackID=0\r\n";

        var description = SessionDescription.Parse(sdp);

        Assert.Equal("*", description.Control);
        Assert.Equal(new VideoStream("trackID=0", VideoCodec.H265), description.Video);
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
