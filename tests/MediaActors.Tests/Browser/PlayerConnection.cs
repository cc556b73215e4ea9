using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace MediaActors.Tests.Browser;

/// <summary>
/// One WebSocket the player page opened, with the test as the server: it sends what the
/// server's protocol sends (init message, init segment, fragments, end) and reads the page's
/// side only to see it close.
/// </summary>
public sealed class PlayerConnection : IAsyncDisposable
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);
    private readonly WebSocket _socket;
    private readonly Task _reading;

    public PlayerConnection(WebSocket socket)
    {
        _socket = socket;
        _reading = ReadUntilClosedAsync();
    }

    /// <summary>Completes when the page closed its side (or the connection broke).</summary>
    public Task Closed => _reading;

    /// <summary>
    /// Plays the server: the init message and segment, then the first <paramref name="burst"/>
    /// fragments at once (the cached GOP a joining player gets), then one fragment every 40 ms
    /// (25 fps) until <paramref name="stream"/> has no more.
    /// </summary>
    public async Task StreamAsync(FragmentedMp4 stream, int burst)
    {
        await SendTextAsync(JsonSerializer.Serialize(new { type = "init", mime = stream.Mime }));
        await SendBinaryAsync(stream.Init);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < stream.Fragments.Count; i++)
        {
            // Paced by the clock, not by delays added up, so a slow send does not slow the stream.
            var due = TimeSpan.FromMilliseconds(40 * Math.Max(0, i - burst + 1));
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            await SendBinaryAsync(stream.Fragments[i]);
        }
    }

    /// <summary>Sends the message the server sends when the stream ends.</summary>
    public Task SendEndAsync(string reason) => SendTextAsync(JsonSerializer.Serialize(new { type = "end", reason }));

    /// <summary>Closes the connection as the server does after an end: the closing handshake, then the TCP connection.</summary>
    public async Task CloseAsync()
    {
        using var deadline = new CancellationTokenSource(SendTimeout);
        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", deadline.Token);
        await _reading.WaitAsync(SendTimeout);
        // The browser reports the close once the TCP connection ends too (or after its own timeout).
        _socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        try
        {
            await _reading;
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Aborted on purpose.
        }
        _socket.Dispose();
    }

    private Task SendTextAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    private Task SendBinaryAsync(byte[] data) => SendAsync(data, WebSocketMessageType.Binary);

    private async Task SendAsync(byte[] data, WebSocketMessageType type)
    {
        using var deadline = new CancellationTokenSource(SendTimeout);
        await _socket.SendAsync(data, type, endOfMessage: true, deadline.Token);
    }

    private async Task ReadUntilClosedAsync()
    {
        var buffer = new byte[4096];
        while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            var received = await _socket.ReceiveAsync(buffer, CancellationToken.None);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
        }
    }
}
