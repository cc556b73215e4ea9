using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.Web;

/// <summary>
/// A browser tab that stops reading its WebSocket (a frozen tab, a dead network) must not touch
/// the session's RTSP clients, and is disconnected after the stall timeout.
/// </summary>
public sealed class SlowWebViewerTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(25);

    /// <summary>
    /// The test pattern is about 16 KB/s: with the shipped 4 MiB queue and a loopback socket's
    /// megabytes of buffers, a stalled viewer would take minutes to notice. Small queues, a peer with
    /// Ethernet-sized buffers and a short stall timeout make it seconds.
    /// </summary>
    private const string SmallQueues = """
        mediaactors.http {
          client-queue-bytes = 32 KiB
          client-stall-timeout = 2s
        }
        """;

    [Fact(Timeout = 90_000)]
    public async Task A_websocket_viewer_that_stops_reading_is_dropped_and_rtsp_clients_lose_nothing()
    {
        await using var host = await WebHost.StartWithConfigAsync(SmallQueues);
        using var stalled = await OpenAndStopReadingAsync(host);
        var localPort = ((System.Net.IPEndPoint)stalled.LocalEndPoint!).Port;
        var clock = Stopwatch.StartNew();

        await using var rtsp = await RtspTestClient.ConnectAsync(host.Serve.Port);
        await rtsp.SetupAndPlayAsync(host.Serve.Url);
        var collector = new RtpCollector();
        var playing = collector.CollectForAsync(rtsp, Window);

        var dropped = await host.Serve.WaitForLogAsync($"Web viewer 127.0.0.1:{localPort} of test is disconnected", Window);
        await playing;

        Assert.True(dropped, $"the stalled viewer was not disconnected within {Window}. Log:\n{host.Serve.Log}");
        Assert.True(collector.Probe.Lost == 0, $"the RTSP client saw {collector.Probe.Lost} sequence gaps");
        Assert.True(collector.AccessUnits.Count > Window.TotalSeconds * 20, $"the RTSP client got only {collector.AccessUnits.Count} frames in {clock.Elapsed}");
    }

    /// <summary>A WebSocket handshake by hand, on a socket with small buffers, and then no more reading.</summary>
    private static async Task<Socket> OpenAndStopReadingAsync(WebHost host)
    {
        const int IpProtocolTcp = 6, TcpMaxSegment = 2;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        socket.SetRawSocketOption(IpProtocolTcp, TcpMaxSegment, BitConverter.GetBytes(1460));
        await socket.ConnectAsync("127.0.0.1", host.HttpPort);
        var request = $"GET /test/ws HTTP/1.1\r\nHost: 127.0.0.1:{host.HttpPort}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        var response = new StringBuilder();
        var buffer = new byte[1];
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.Equal(1, await socket.ReceiveAsync(buffer));
            response.Append((char)buffer[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", response.ToString(), StringComparison.Ordinal);
        return socket;
    }
}
