using MediaActors.LoadClient.Rtsp;
using MediaActors.LoadClient.WebSocket;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Mp4;

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

    [Fact]
    public void Over_a_websocket_a_gap_in_the_fragments_numbers_is_lost_and_must_end_at_a_keyframe()
    {
        var statistics = new FragmentStatistics();
        statistics.Started();
        Receive(statistics, """{"type":"init","mime":"video/mp4; codecs=\"avc1.4d401f,mp4a.40.2\""}"""u8.ToArray(), isText: true);
        Receive(statistics, Mp4InitSegment.Create([new(1, 90_000, VideoEntry), new(2, 48_000, AudioEntry)]));

        Receive(statistics, Fragment(1, trackId: 2, sync: true));   // audio: no keyframe, though a sync sample
        Assert.Equal(0, statistics.FirstKeyframeAt);
        Receive(statistics, Fragment(2, trackId: 1, sync: true));
        Receive(statistics, Fragment(3, trackId: 1, sync: false));
        Receive(statistics, Fragment(7, trackId: 1, sync: true));   // skipped to the next keyframe: 4, 5 and 6 lost
        Assert.NotEqual(0, statistics.FirstKeyframeAt);
        Assert.Null(statistics.Problem);
        Receive(statistics, Fragment(9, trackId: 1, sync: false));  // 8 lost, and a gap that ends at a picture that cannot be decoded

        Assert.Equal((5L, 4L), (statistics.Snapshot().Packets, statistics.Snapshot().Lost));
        Assert.Equal("1 gaps in the fragments' sequence numbers ended at a fragment that is no keyframe", statistics.Problem);
    }

    private static readonly Mp4SampleEntry VideoEntry =
        new(Mp4TrackKind.Video, "avc1.4d401f", [0, 0, 0, 12, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 1, 2, 3, 4], 1280, 720, 0, 0);

    private static readonly Mp4SampleEntry AudioEntry =
        new(Mp4TrackKind.Audio, "mp4a.40.2", [0, 0, 0, 9, (byte)'s', (byte)'n', (byte)'d', (byte)' ', 5], 0, 0, 48_000, 2);

    private static byte[] Fragment(uint sequence, int trackId, bool sync) =>
        Mp4Fragment.Create(sequence, [new Mp4TrackRun(trackId, sequence * 3000, [new Mp4Sample(new byte[500], 3000, 0, sync)])]);

    private static void Receive(FragmentStatistics statistics, byte[] message, bool isText = false) =>
        statistics.Add(isText, message, message.Length);
}
