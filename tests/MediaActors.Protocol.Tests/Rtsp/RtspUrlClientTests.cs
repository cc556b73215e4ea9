using MediaActors.Protocol.Auth;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Tests.Rtsp;

public sealed class RtspUrlClientTests
{
    [Theory]
    [InlineData("rtsp://admin:secret@192.168.1.10/ch1", "admin", "secret")]
    [InlineData("rtsp://admin:p%40ss%3Aword@cam:8554/ch1", "admin", "p@ss:word")]
    [InlineData("rtsp://admin:p@ss@cam/ch1", "admin", "p@ss")]
    [InlineData("rtsp://admin@cam/ch1", "admin", "")]
    [InlineData("rtsp://admin:@cam/ch1", "admin", "")]
    [InlineData("rtsp://us%C3%A9r:x@[::1]/ch1", "usér", "x")]
    public void Reads_the_percent_decoded_credentials(string uri, string user, string password)
    {
        Assert.True(RtspUrl.TryParseWithCredentials(uri, out var url, out var credentials));

        Assert.Equal(new RtspCredentials(user, password), credentials);
        Assert.Equal("ch1", url.Path);
    }

    [Theory]
    [InlineData("rtsp://cam/live")]
    [InlineData("rtsp://@cam/live")]
    [InlineData("/live")]
    public void Credentials_are_null_when_the_url_has_none(string uri)
    {
        Assert.True(RtspUrl.TryParseWithCredentials(uri, out var url, out var credentials));

        Assert.Null(credentials);
        Assert.Equal("live", url.Path);
    }

    [Theory]
    [InlineData("rtsp://admin:bad%zz@cam/live")]
    [InlineData("rtsp://admin:%0A@cam/live")]
    [InlineData("http://admin:x@cam/live")]
    [InlineData("rtsp://admin:x@cam:0/live")]
    public void Rejects_bad_userinfo_and_what_try_parse_rejects(string uri)
    {
        Assert.False(RtspUrl.TryParseWithCredentials(uri, out var url, out var credentials));

        Assert.Null(url);
        Assert.Null(credentials);
    }

    [Theory]
    [InlineData("rtsp://admin:secret@192.168.1.10/ch1", "rtsp://192.168.1.10:554/ch1")]
    [InlineData("RTSPS://cam/live?a=1&b=2", "rtsps://cam:322/live?a=1&b=2")]
    [InlineData("rtsp://[fe80::1%25eth0]:8554/test", "rtsp://[fe80::1%25eth0]:8554/test")]
    [InlineData("rtsp://cam", "rtsp://cam:554/")]
    [InlineData("rtsp://cam/my%20stream/", "rtsp://cam:554/my%20stream")]
    [InlineData("rtsp://cam/user=admin_password=_channel=1_stream=0.sdp", "rtsp://cam:554/user=admin_password=_channel=1_stream=0.sdp")]
    [InlineData("rtsp://cam/Streaming/Channels/101", "rtsp://cam:554/Streaming/Channels/101")]
    [InlineData("rtsp://cam/caf%C3%A9%25", "rtsp://cam:554/caf%C3%A9%25")]
    public void Writes_the_absolute_uri_without_credentials(string uri, string expected)
    {
        Assert.True(RtspUrl.TryParse(uri, out var url));

        Assert.Equal(expected, url!.ToAbsoluteUri());
        Assert.True(RtspUrl.TryParse(expected, out var again));
        Assert.Equal(url, again);
    }

    [Fact]
    public void A_bare_path_has_no_absolute_uri()
    {
        Assert.True(RtspUrl.TryParse("/live", out var url));

        Assert.Throws<InvalidOperationException>(() => url!.ToAbsoluteUri());
    }

    [Theory]
    [InlineData("rtsp://cam:554/live/", "trackID=1", "rtsp://cam:554/live/trackID=1")]
    [InlineData("rtsp://cam:554/live", "trackID=1", "rtsp://cam:554/live/trackID=1")]
    [InlineData("rtsp://cam:554/live/", "*", "rtsp://cam:554/live/")]
    [InlineData("rtsp://cam:554/live", "", "rtsp://cam:554/live")]
    [InlineData("rtsp://cam:554/live/", "rtsp://other/live/track1", "rtsp://other/live/track1")]
    [InlineData("rtsp://cam:554/live/", "RTSPS://other/x", "RTSPS://other/x")]
    [InlineData("rtsp://cam:554/cam/realmonitor?channel=1&subtype=0/", "trackID=0", "rtsp://cam:554/cam/realmonitor?channel=1&subtype=0/trackID=0")]
    public void Resolves_a_control_against_the_base(string baseUri, string control, string expected)
    {
        Assert.Equal(expected, RtspUrl.ResolveControl(baseUri, control));
    }
}
