using System.Net;
using System.Net.WebSockets;

namespace MediaActors.Host.Http;

/// <summary>
/// Requests the server makes of itself right after it starts listening: a page, a session path
/// and a WebSocket upgrade, each for a session that does not exist. The first request of each kind
/// builds its endpoint's request delegate and compiles the code on its way; done here, that time
/// (hundreds of milliseconds on a small machine) is not added to the first viewer's first picture.
/// </summary>
public static class HttpWarmUp
{
    private const string Nowhere = "mediaactors-warm-up";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(IPAddress bindAddress, int port)
    {
        var host = NetworkAddresses.UrlHost(NetworkAddresses.SelfAddressFor(bindAddress));

        try
        {
            using var http = new HttpClient { Timeout = Timeout };
            using (await http.GetAsync($"http://{host}:{port}/static/player.js"))
            using (await http.GetAsync($"http://{host}:{port}/{Nowhere}/"))
            {
            }

            using var socket = new ClientWebSocket();
            using var cancellation = new CancellationTokenSource(Timeout);
            await socket.ConnectAsync(new Uri($"ws://{host}:{port}/{Nowhere}/ws"), cancellation.Token);
        }
        catch (Exception error) when (error is HttpRequestException or WebSocketException or OperationCanceledException)
        {
            // Refused as expected (404), or the server is stopping: either way it is warm or moot.
        }
    }
}
