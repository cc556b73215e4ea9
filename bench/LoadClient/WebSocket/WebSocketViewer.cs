using System.Net.Sockets;
using System.Net.WebSockets;

namespace MediaActors.LoadClient.WebSocket;

/// <summary>
/// One client of a run that watches the stream as the browser's player does: a WebSocket to
/// <c>ws://host:port/&lt;session&gt;/ws</c>, every message counted into <see cref="Statistics"/>.
/// It sends nothing but the closing handshake (the server needs no keepalive). Failures never
/// throw: they go to the run's <see cref="ErrorLog"/>, prefixed with the client's number.
/// </summary>
public sealed class WebSocketViewer(int number, LoadOptions options, ErrorLog errors) : IStreamClient
{
    // A message is read into one buffer; only its head is kept whole, which holds all of a moof
    // (a few hundred bytes), an init segment or a text message, and the rest of a large frame is
    // read over the part after it.
    private const int KeptBytes = 64 * 1024;
    private const int ReceiveBufferBytes = 256 * 1024;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(3);

    private readonly ClientWebSocket _socket = new();
    private HttpMessageInvoker? _http;
    private Task<string?> _receiving = Task.FromResult<string?>(null);
    private volatile bool _stopping;
    private int? _grantedReceiveBufferBytes;

    public FragmentStatistics Statistics { get; } = new();

    IReceiveStatistics IStreamClient.Statistics => Statistics;

    /// <summary>True once the WebSocket upgrade succeeded.</summary>
    public bool IsPlaying { get; private set; }

    public int? GrantedReceiveBufferBytes => _grantedReceiveBufferBytes;

    /// <summary>Always null: only ws://, no wss://.</summary>
    public string? NegotiatedTls => null;

    public async Task StartAsync(CancellationToken cancellation)
    {
        try
        {
            // The connection is made here so that it gets the receive buffer RTSP clients get over TCP.
            _http = new HttpMessageInvoker(new SocketsHttpHandler { ConnectCallback = ConnectAsync, UseProxy = false });
            _socket.Options.KeepAliveInterval = TimeSpan.Zero;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            deadline.CancelAfter(options.RequestTimeout);
            Statistics.Started();
            await _socket.ConnectAsync(options.Url, _http, deadline.Token);
            IsPlaying = true;
            _receiving = ReceiveLoopAsync();
            _ = ReportUnexpectedEndAsync(_receiving);
        }
        catch (Exception error)
        {
            if (!cancellation.IsCancellationRequested)
            {
                errors.Add($"client {number}: WebSocket connect: {error.Message}");
            }
        }
    }

    public Task KeepAliveAsync() => Task.CompletedTask;

    /// <summary>The closing handshake; the server then drops the viewer and closes its side.</summary>
    public async Task TeardownAsync()
    {
        _stopping = true;
        if (!IsPlaying || _socket.State != WebSocketState.Open)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "load client done", timeout.Token);
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException)
        {
            errors.Add($"client {number}: WebSocket close: {error.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _socket.Abort();
        await _receiving;
        _socket.Dispose();
        _http?.Dispose();
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = options.ReceiveBufferBytes };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellation);
            _grantedReceiveBufferBytes = socket.ReceiveBufferSize;
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads message after message until the socket closes; returns null for a close the client made, else what ended it.</summary>
    private async Task<string?> ReceiveLoopAsync()
    {
        var buffer = new byte[ReceiveBufferBytes];
        try
        {
            while (true)
            {
                var kept = 0;
                var length = 0L;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(Math.Min(kept, KeptBytes)), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return _stopping ? null : $"closed by the server ({_socket.CloseStatus} {_socket.CloseStatusDescription})";
                    }

                    kept = Math.Min(kept, KeptBytes) + result.Count;
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                Statistics.Add(result.MessageType == WebSocketMessageType.Text, buffer.AsSpan(0, Math.Min(kept, KeptBytes)), length);
            }
        }
        catch (Exception) when (_stopping)
        {
            return null;  // aborted by the client's teardown
        }
        catch (Exception error)
        {
            return error.Message;
        }
    }

    private async Task ReportUnexpectedEndAsync(Task<string?> ended)
    {
        var failure = await ended;
        if (!_stopping)
        {
            errors.Add($"client {number}: WebSocket ended: {failure ?? "closed"}");
        }
    }
}
