using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Tests.Rtsp;

public sealed class RtspUrlTests
{
    [Theory]
    [InlineData("rtsp://cam/live", "rtsp", "cam", 554, "live", "")]
    [InlineData("RTSP://cam:8554/live/stream/?a=1&b=2", "rtsp", "cam", 8554, "live/stream", "a=1&b=2")]
    [InlineData("rtsps://cam/live", "rtsps", "cam", 322, "live", "")]
    [InlineData("rtsp://[::1]:8554/test", "rtsp", "::1", 8554, "test", "")]
    [InlineData("rtsp://[fe80::1%25eth0]/test", "rtsp", "fe80::1%25eth0", 554, "test", "")]
    [InlineData("rtsp://admin:secret@192.168.1.10:554/ch1", "rtsp", "192.168.1.10", 554, "ch1", "")]
    [InlineData("rtsp://cam", "rtsp", "cam", 554, "", "")]
    [InlineData("rtsp://cam?x=1", "rtsp", "cam", 554, "", "x=1")]
    [InlineData("rtsp://cam/my%20stream#fragment", "rtsp", "cam", 554, "my stream", "")]
    [InlineData("/live/test", "rtsp", "", 554, "live/test", "")]
    public void Parses_the_url_forms_clients_send(string uri, string scheme, string host, int port, string path, string query)
    {
        Assert.True(RtspUrl.TryParse(uri, out var url));

        Assert.Equal(new RtspUrl(scheme, host, port, path, query), url);
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("http://cam/live")]
    [InlineData("rtsp:/cam/live")]
    [InlineData("rtsp://:554/live")]
    [InlineData("rtsp://cam:/live")]
    [InlineData("rtsp://cam:0/live")]
    [InlineData("rtsp://cam:65536/live")]
    [InlineData("rtsp://cam:80a/live")]
    [InlineData("rtsp://[::1/live")]
    [InlineData("rtsp://[::1]x/live")]
    [InlineData("rtsp://ca m/live")]
    [InlineData("rtsp://cam/li\nve")]
    [InlineData("rtsp://cam/live%0d%0aX:1")]
    [InlineData("rtsp://cam/live%zz")]
    [InlineData("rtsp://cam/live%2")]
    public void Rejects_invalid_urls(string uri)
    {
        Assert.False(RtspUrl.TryParse(uri, out var url));
        Assert.Null(url);
    }
}
