using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Sdp;
using MediaActors.Protocol.Tests.Codecs.H264;

namespace MediaActors.Protocol.Tests.Sdp;

public sealed class SessionDescriptionWriterTests
{
    private static readonly SessionDescriptionOptions Options = new("test", "192.168.1.10", 1234, 1, "MediaActors");

    private static SdpMedia H264Track() => new(
        "video",
        96,
        "H264/90000",
        H264Format.FormatParameters(H264Samples.Sps1280x720Main, H264Samples.Pps1280x720Main),
        "trackID=0",
        ["framerate:30"]);

    [Fact]
    public void Writes_an_h264_track()
    {
        var sdp = SessionDescriptionWriter.Write(Options, [H264Track()]);

        Assert.Equal(
            "v=0\r\n" +
            "o=- 1234 1 IN IP4 192.168.1.10\r\n" +
            "s=test\r\n" +
            "c=IN IP4 0.0.0.0\r\n" +
            "t=0 0\r\n" +
            "a=tool:MediaActors\r\n" +
            "a=range:npt=0-\r\n" +
            "a=control:*\r\n" +
            "m=video 0 RTP/AVP 96\r\n" +
            "a=rtpmap:96 H264/90000\r\n" +
            "a=fmtp:96 packetization-mode=1;profile-level-id=4D401F;sprop-parameter-sets=Z01AH+ygKALdgIgAAAMACAAAAwHgeMGMsA==,aOvjyyA=\r\n" +
            "a=control:trackID=0\r\n" +
            "a=framerate:30\r\n",
            sdp);
    }

    [Fact]
    public void Uses_ip6_for_an_ipv6_origin_and_omits_absent_fmtp()
    {
        var audio = new SdpMedia("audio", 0, "PCMU/8000", null, "trackID=1", []);

        var sdp = SessionDescriptionWriter.Write(Options with { OriginAddress = "::1", SessionName = "" }, [audio]);

        Assert.Contains("o=- 1234 1 IN IP6 ::1\r\n", sdp);
        Assert.Contains("s= \r\n", sdp);
        Assert.DoesNotContain("a=fmtp", sdp);
    }

    [Fact]
    public void Rejects_line_breaks_in_fields()
    {
        Assert.Throws<ArgumentException>(() => SessionDescriptionWriter.Write(Options with { SessionName = "a\r\nm=audio" }, []));
    }

    [Fact]
    public void Parses_back_what_it_writes()
    {
        var track = H264Track();

        Assert.True(SessionDescription.TryParse(SessionDescriptionWriter.Write(Options, [track]), out var description));

        Assert.Equal("test", description!.SessionName);
        Assert.Contains("control:*", description.SessionAttributes);
        var media = Assert.Single(description.Media);
        Assert.Equal((track.Media, track.PayloadType, track.RtpMap, track.FormatParameters, track.Control), (media.Media, media.PayloadType, media.RtpMap, media.FormatParameters, media.Control));
        Assert.Equal(track.ExtraAttributes, media.ExtraAttributes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s=x\r\n")]
    [InlineData("v=0\r\nm=video\r\n")]
    public void Parser_rejects_malformed_descriptions(string text)
    {
        Assert.False(SessionDescription.TryParse(text, out _));
    }
}
