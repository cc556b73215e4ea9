using System.Text.Json;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Transports;

/// <summary>
/// ffmpeg and GStreamer play through RTSP-over-HTTP tunnels on the RTSP port and on the HTTP port,
/// which keeps serving HTTP; the control API tells tunnelled and TLS readers apart.
/// </summary>
public sealed class TunnelPlayerTests : IAsyncLifetime
{
    private readonly int _httpPort = ServeProcess.FreeTcpPort();
    private readonly int _tlsPort = ServeProcess.FreeTcpPort();
    private ServeProcess _serve = null!;

    public async ValueTask InitializeAsync() =>
        _serve = await ServeProcess.StartAsync("--http-port", _httpPort.ToString(), "--rtsps-port", _tlsPort.ToString());

    public async ValueTask DisposeAsync() => await _serve.DisposeAsync();

    [Theory]
    [InlineData("rtsp")]
    [InlineData("http")]
    public async Task Ffprobe_plays_through_the_tunnel(string port)
    {
        var streams = await Ffprobe.StreamsAsync(UrlOn(port, "rtsp"), "http");

        Assert.Equal(("h264", 1280, 720), (streams[0].CodecName, streams[0].Width!.Value, streams[0].Height!.Value));
    }

    [Theory]
    [InlineData("rtsp", "rtsp", "tcp+http")]
    [InlineData("http", "rtsph", "tcp+http")]
    public async Task Gstreamer_plays_through_the_tunnel(string port, string scheme, string protocols)
    {
        var result = await GStreamer.DecodeAsync(UrlOn(port, scheme), protocols, "rtph264depay ! h264parse ! avdec_h264", frames: 60);

        Assert.True(result.Succeeded, $"{result}\nthe server's log ends:\n{string.Join('\n', _serve.Log.Split('\n').TakeLast(20))}");
    }

    [Fact(Timeout = 60_000)]
    public async Task The_http_port_serves_pages_while_a_tunnel_on_it_plays()
    {
        var playing = GStreamer.DecodeAsync(UrlOn("http", "rtsph"), "tcp+http", "rtph264depay ! h264parse ! avdec_h264", frames: 90);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var health = await http.GetAsync(new Uri($"http://127.0.0.1:{_httpPort}/healthz"));
        var player = await http.GetAsync(new Uri($"http://127.0.0.1:{_httpPort}/test/"));

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, player.StatusCode);
        Assert.True((await playing).Succeeded);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_control_api_lists_tunnelled_and_tls_readers_by_their_kind()
    {
        var url = _serve.UrlOf("test");
        using var tunnel = await RtspTunnelClient.OpenAsync(_httpPort, "/test");
        await tunnel.Rtsp.SetupAndPlayAsync(url);
        await using var tls = await RtspTestClient.ConnectTlsAsync(_tlsPort);
        await tls.SetupAndPlayAsync(url);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using var readers = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{_httpPort}/api/v1/sessions/test/readers")));

        var kinds = readers.RootElement.EnumerateArray().ToDictionary(reader => reader.GetProperty("address").GetString()!, reader => reader.GetProperty("kind").GetString());
        Assert.Equal("rtsp-http", kinds[$"127.0.0.1:{tunnel.Rtsp.LocalPort}"]);
        Assert.Equal("rtsp-tls", kinds[$"127.0.0.1:{tls.LocalPort}"]);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_tunnel_on_the_http_port_ends_with_its_get_half()
    {
        using var tunnel = await RtspTunnelClient.OpenAsync(_httpPort, "/test");
        await tunnel.Rtsp.SetupAndPlayAsync(_serve.UrlOf("test"));
        await tunnel.Rtsp.ReadRtpAsync(new Testing.Rtp.RtpProbe(Protocol.Formats.Codec.H264), pictures: 10).WaitAsync(TimeSpan.FromSeconds(15));

        tunnel.CloseGet();

        Assert.True(await tunnel.IsPostClosedByServerAsync(TimeSpan.FromSeconds(5)), "the POST half outlived its GET half on the HTTP port");
        Assert.True(await _serve.WaitForLogAsync("the tunnel's GET half closed by the client", TimeSpan.FromSeconds(5)));
    }

    private string UrlOn(string port, string scheme) => $"{scheme}://127.0.0.1:{(port == "http" ? _httpPort : _serve.Port)}/test";
}
