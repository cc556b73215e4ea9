using System.Text;

namespace MediaActors.Tests.Rtsp;

/// <summary>
/// Players write request URLs differently (FFmpeg, GStreamer and ExoPlayer disagree on where the
/// track goes relative to a query string, and on trailing slashes); every common form must work.
/// </summary>
public sealed class UrlToleranceTests
{
    [Theory]
    [InlineData("{0}/trackID=0")]
    [InlineData("{0}/trackid=0")]
    [InlineData("{0}/streamid=0")]
    [InlineData("{0}?token=abc/trackID=0")]
    [InlineData("{0}/trackID=0?token=abc")]
    [InlineData("{0}/")]
    [InlineData("{0}")]
    [InlineData("/live/trackID=0")]
    public async Task Setup_accepts_every_common_track_url_form(string form)
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var setup = await client.RequestAsync("SETUP", string.Format(form, server.Url), ("Transport", "RTP/AVP/TCP;unicast"));

        Assert.True(setup.Status == 200, setup.ToString());
    }

    [Theory]
    [InlineData("{0}/")]
    [InlineData("{0}?token=abc")]
    [InlineData("{0}/?token=abc")]
    public async Task Describe_accepts_trailing_slashes_and_query_strings(string form)
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();
        var url = string.Format(form, server.Url);

        var describe = await client.RequestAsync("DESCRIBE", url);

        Assert.True(describe.Status == 200, describe.ToString());
        Assert.Equal(url.EndsWith('/') ? url : url + "/", describe.Header("Content-Base"));
    }

    [Fact]
    public async Task Play_accepts_an_asterisk_and_header_names_in_any_case()
    {
        await using var server = await StreamingServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SendRawAsync(Encoding.ASCII.GetBytes(
            $"SETUP {server.Url}/trackID=0 RTSP/1.0\r\ncseq: 1\r\ntransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n"));
        var setup = await client.ReadResponseAsync();
        Assert.Equal(200, setup.Status);
        Assert.Equal("1", setup.Header("CSeq"));

        await client.SendRawAsync(Encoding.ASCII.GetBytes(
            $"PLAY * RTSP/1.0\r\nCSEQ: 2\r\nSESSION: {setup.Header("Session")!.Split(';')[0]}\r\n\r\n"));
        var play = await client.ReadResponseAsync();

        Assert.Equal(200, play.Status);
        // The track's first sender report (channel 1) precedes its media (channel 0).
        await new RtpCollector().CollectAsync(client, 1);
    }
}
