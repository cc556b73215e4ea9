using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Web;

/// <summary>`mediaactors serve` with its HTTP server on a free loopback port, and a client for it.</summary>
public sealed class WebHost : IAsyncDisposable
{
    private WebHost(ServeProcess serve, int httpPort)
    {
        Serve = serve;
        HttpPort = httpPort;
        Http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"),
            Timeout = TimeSpan.FromSeconds(20),
        };
    }

    public ServeProcess Serve { get; }

    public int HttpPort { get; }

    public HttpClient Http { get; }

    public Uri WebSocketUri(string session) => new($"ws://127.0.0.1:{HttpPort}/{session}/ws");

    public static async Task<WebHost> StartAsync(params string[] extraArguments)
    {
        var httpPort = ServeProcess.FreeTcpPort();
        return new WebHost(await ServeProcess.StartAsync([.. extraArguments, "--http-port", httpPort.ToString()]), httpPort);
    }

    public static async Task<WebHost> StartWithConfigAsync(string hocon, params string[] extraArguments)
    {
        var httpPort = ServeProcess.FreeTcpPort();
        return new WebHost(await ServeProcess.StartWithConfigAsync(hocon, [.. extraArguments, "--http-port", httpPort.ToString()]), httpPort);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Serve.DisposeAsync();
    }
}
