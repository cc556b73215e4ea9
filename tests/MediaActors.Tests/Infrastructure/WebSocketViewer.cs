using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace MediaActors.Tests.Infrastructure;

/// <summary>
/// A browser's live view without the browser: a WebSocket client of <c>/&lt;session&gt;/ws</c> that
/// keeps what the server sends (the init message and segment, then fragments).
/// </summary>
public sealed class WebSocketViewer : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly HttpMessageInvoker _connector;

    private WebSocketViewer() =>
        // Its own connection, so that the test knows the address the server sees it at.
        _connector = new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellation) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                    LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        });

    /// <summary>The client's end of the connection (what the server names it by); IPv4-mapped addresses as IPv4.</summary>
    public IPEndPoint? LocalEndPoint
    {
        get;
        private set => field = value is { Address.IsIPv4MappedToIPv6: true } ? new IPEndPoint(value.Address.MapToIPv4(), value.Port) : value;
    }

    public string? Mime { get; private set; }

    public byte[]? InitSegment { get; private set; }

    public List<byte[]> Fragments { get; } = new();

    /// <summary>The text messages after the init one (an "end" message says why the stream ended).</summary>
    public List<JsonElement> Notices { get; } = new();

    public static async Task<WebSocketViewer> ConnectAsync(Uri uri, string? cookie = null)
    {
        var viewer = new WebSocketViewer();
        if (cookie is not null)
        {
            viewer._socket.Options.SetRequestHeader("Cookie", cookie);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await viewer._socket.ConnectAsync(uri, viewer._connector, timeout.Token);
        }
        catch
        {
            await viewer.DisposeAsync();
            throw;
        }

        return viewer;
    }

    /// <summary>Reads until <paramref name="until"/> holds or <paramref name="time"/> has passed; false when the socket closed first.</summary>
    public async Task<bool> ReadAsync(TimeSpan time, Func<WebSocketViewer, bool>? until = null)
    {
        using var timeout = new CancellationTokenSource(time);
        var buffer = new byte[1 << 16];
        try
        {
            while (until?.Invoke(this) != true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, timeout.Token);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                switch (result.MessageType)
                {
                    case WebSocketMessageType.Close:
                        // Answered at once, as browsers do: the server waits for the answer before it lets the connection go.
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        return false;
                    case WebSocketMessageType.Text:
                        var json = JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone();
                        if (json.GetProperty("type").GetString() == "init")
                        {
                            Mime = json.GetProperty("mime").GetString();
                        }
                        else
                        {
                            Notices.Add(json);
                        }

                        break;
                    case WebSocketMessageType.Binary when InitSegment is null:
                        InitSegment = message.ToArray();
                        break;
                    default:
                        Fragments.Add(message.ToArray());
                        break;
                }
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>The init segment and every fragment, as one fMP4 file ffprobe can read.</summary>
    public async Task<string> SaveAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mediaactors-ws-{Guid.NewGuid():N}.mp4");
        await using var file = File.Create(path);
        await file.WriteAsync(InitSegment);
        foreach (var fragment in Fragments)
        {
            await file.WriteAsync(fragment);
        }

        return path;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException)
        {
            // Closed from the other side meanwhile.
        }

        _socket.Dispose();
        _connector.Dispose();
    }
}
