using MediaActors.Protocol.Sdp;

namespace MediaActors.Protocol.Tests.Sdp;

public sealed class SessionDescriptionParserTests
{
    [Fact]
    public void Reads_gst_rtsp_servers_answer()
    {
        Assert.True(SessionDescription.TryParse(ServerSdpSamples.GstRtspServer, out var description));

        Assert.Equal("Session streamed with GStreamer", description.SessionName);
        Assert.Contains("control:rtsp://127.0.0.1:8554/test", description.SessionAttributes);
        Assert.Equal(
            [("video", 96, "H264/90000", "rtsp://127.0.0.1:8554/test/stream=0"), ("audio", 97, "MPEG4-GENERIC/44100/2", "rtsp://127.0.0.1:8554/test/stream=1")],
            description.Media.Select(media => (media.Media, media.PayloadType, media.RtpMap, media.Control)));
        Assert.Contains("framerate:30", description.Media[0].ExtraAttributes);
        Assert.StartsWith("packetization-mode=1;", description.Media[0].FormatParameters);
    }

    [Fact]
    public void Reads_ffmpegs_answer_with_lf_lines()
    {
        Assert.True(SessionDescription.TryParse(ServerSdpSamples.Ffmpeg, out var description));

        Assert.Equal(
            [("video", 96, "H265/90000", "streamid=0"), ("audio", 97, "PCMA/8000/1", "streamid=1")],
            description.Media.Select(media => (media.Media, media.PayloadType, media.RtpMap, media.Control)));
        Assert.StartsWith("sprop-vps=", description.Media[0].FormatParameters);
    }

    [Fact]
    public void Reads_live555s_answer_with_a_static_payload_type_and_no_rtpmap()
    {
        Assert.True(SessionDescription.TryParse(ServerSdpSamples.Live555, out var description));

        Assert.Contains("control:*", description.SessionAttributes);
        Assert.Contains("range:npt=0-", description.SessionAttributes);
        Assert.Equal(
            [("video", 96, "H264/90000", "track1"), ("audio", 0, "", "track2")],
            description.Media.Select(media => (media.Media, media.PayloadType, media.RtpMap, media.Control)));
    }

    [Fact]
    public void Reads_a_hikvision_answer_with_absolute_controls_and_a_metadata_track()
    {
        Assert.True(SessionDescription.TryParse(ServerSdpSamples.Hikvision, out var description));

        Assert.Equal("Media Presentation", description.SessionName);
        Assert.Equal(["video", "audio", "application"], description.Media.Select(media => media.Media));
        Assert.Equal("rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast", description.Media[0].Control);
        Assert.Equal((8, "PCMA/8000"), (description.Media[1].PayloadType, description.Media[1].RtpMap));
        Assert.Contains("appversion:1.0", description.Media[1].ExtraAttributes);
        Assert.Equal("isapi.metadata/90000", description.Media[2].RtpMap);
    }

    [Fact]
    public void Takes_the_first_payload_type_of_a_media_line_with_several()
    {
        const string sdp = "v=0\r\ns=x\r\nm=video 0 RTP/AVP 98 96\r\na=rtpmap:96 H264/90000\r\na=rtpmap:98 H265/90000\r\na=fmtp:98 sprop-max-don-diff=0\r\n";

        Assert.True(SessionDescription.TryParse(sdp, out var description));

        var media = Assert.Single(description.Media);
        Assert.Equal((98, "H265/90000", "sprop-max-don-diff=0"), (media.PayloadType, media.RtpMap, media.FormatParameters));
        Assert.Contains("rtpmap:96 H264/90000", media.ExtraAttributes);
    }
}
