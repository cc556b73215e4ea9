using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MediaActors.Host;

/// <summary>
/// A request the server makes of its own RTSP listener right after it binds: a DESCRIBE of a
/// session that does not exist, over a loopback connection. The first connection loads and
/// prepares the connection actor, the request parser and the response writer (measured on the
/// published build: the first player's connect-to-first-packet 51-56 ms without, 23-28 with; a
/// later player's 8-11). Done here, that cost is not the first player's. It answers 404, which is
/// not logged.
/// </summary>
public static class RtspWarmUp
{
    private const string Nowhere = "mediaactors-warm-up";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Runs in the background; a failure only means the first player pays the cost.</summary>
    public static Task RunAsync(IPAddress bindAddress, int port) => Task.Run(() => DescribeNowhereAsync(NetworkAddresses.SelfAddressFor(bindAddress), port));

    private static async Task DescribeNowhereAsync(IPAddress address, int port)
    {
        using var cancellation = new CancellationTokenSource(Timeout);
        try
        {
            using var client = new TcpClient(address.AddressFamily);
            await client.ConnectAsync(address, port, cancellation.Token);
            var stream = client.GetStream();
            var request = $"DESCRIBE rtsp://{NetworkAddresses.UrlHost(address)}:{port}/{Nowhere} RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellation.Token);
            // Its first bytes are enough: the answer was written, so the path ran.
            _ = await stream.ReadAsync(new byte[256], cancellation.Token);
        }
        catch (Exception error) when (error is SocketException or IOException or OperationCanceledException)
        {
            // Refused past a limit, or the server is stopping: either way it is warm or moot.
        }
    }
}
