using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MediaActors.Testing.Rtsp;

/// <summary>
/// The two halves of an RTSP-over-HTTP tunnel as QuickTime and ffmpeg open them: a GET whose
/// response carries the server's RTSP responses and interleaved media, and a POST whose body
/// carries the client's requests in base64, paired by an <c>x-sessioncookie</c>. Its
/// <see cref="Rtsp"/> client speaks RTSP through them; each half can be closed or reopened
/// to see what the server does when one disappears.
/// </summary>
public sealed class RtspTunnelClient : IDisposable
{
    private readonly int _port;
    private readonly string _path;
    private readonly TcpClient _get;
    private TcpClient? _post;

    private RtspTunnelClient(int port, string path, string cookie, TcpClient get)
    {
        (_port, _path, Cookie, _get) = (port, path, cookie, get);
        Rtsp = new RtspTestClient(get.GetStream(), ((IPEndPoint)get.Client.LocalEndPoint!).Port, SendAsync, this);
    }

    public string Cookie { get; }

    /// <summary>RTSP through the tunnel: requests go out on the POST, responses and media come back on the GET.</summary>
    public RtspTestClient Rtsp { get; }

    /// <summary>
    /// Opens the GET half (answered 200, or the test fails with the answer) and then the POST half.
    /// </summary>
    public static async Task<RtspTunnelClient> OpenAsync(int port, string path, string? cookie = null)
    {
        cookie ??= Guid.NewGuid().ToString("N")[..22];
        var get = new TcpClient();
        await get.ConnectAsync(IPAddress.Loopback, port);
        await get.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
            $"GET {path} HTTP/1.0\r\nx-sessioncookie: {cookie}\r\nAccept: application/x-rtsp-tunnelled\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n\r\n"));
        var answer = await ReadHeadAsync(get.GetStream());
        if (!answer.StartsWith("HTTP/1.0 200", StringComparison.Ordinal) && !answer.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
        {
            get.Dispose();
            throw new InvalidOperationException($"The tunnel's GET was answered: {answer}");
        }

        var tunnel = new RtspTunnelClient(port, path, cookie, get);
        await tunnel.OpenPostAsync();
        return tunnel;
    }

    /// <summary>Sends an HTTP request head on a new connection and returns the status line of the answer (empty when the server just closed).</summary>
    public static async Task<string> AnswerToAsync(int port, string head)
    {
        using var connection = new TcpClient();
        await connection.ConnectAsync(IPAddress.Loopback, port);
        await connection.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
        return (await ReadHeadAsync(connection.GetStream())).Split("\r\n")[0];
    }

    /// <summary>Opens a POST half with the tunnel's cookie (QuickTime opens one per request).</summary>
    public async Task OpenPostAsync()
    {
        var post = new TcpClient();
        await post.ConnectAsync(IPAddress.Loopback, _port);
        await post.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {_path} HTTP/1.0\r\nx-sessioncookie: {Cookie}\r\nContent-Type: application/x-rtsp-tunnelled\r\nContent-Length: 32767\r\n" +
            "Expires: Sun, 9 Jan 1972 00:00:00 GMT\r\n\r\n"));
        _post = post;
    }

    /// <summary>Closes the POST half; the GET stays.</summary>
    public void ClosePost()
    {
        _post?.Dispose();
        _post = null;
    }

    /// <summary>Closes the GET half; the POST stays.</summary>
    public void CloseGet() => _get.Dispose();

    /// <summary>True when the server closed the POST half within the deadline.</summary>
    public async Task<bool> IsPostClosedByServerAsync(TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        var buffer = new byte[256];
        try
        {
            while (await _post!.GetStream().ReadAsync(buffer, deadline.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        _post?.Dispose();
        _get.Dispose();
    }

    /// <summary>Base64 of each request on its own, as clients do: padding lands in the middle of the body.</summary>
    private async Task SendAsync(byte[] request)
    {
        var post = _post ?? throw new InvalidOperationException("The tunnel has no POST half open.");
        await post.GetStream().WriteAsync(Encoding.ASCII.GetBytes(Convert.ToBase64String(request)));
    }

    /// <summary>Reads an HTTP head byte by byte, so nothing after it is taken from the stream.</summary>
    private static async Task<string> ReadHeadAsync(Stream stream)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, deadline.Token) == 0)
            {
                break;
            }

            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString(head.ToArray());
    }
}
