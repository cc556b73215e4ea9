using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Browser;

/// <summary>
/// The player page as the server will serve it, from a small HTTP server on loopback:
/// GET /&lt;session&gt;/ is player.html, /static/&lt;file&gt; the files of src/Host/Web/wwwroot, and a
/// WebSocket at /&lt;session&gt;/ws is handed to the test (<see cref="NextConnectionAsync"/>), which
/// plays the server's side. A real socket on purpose: Playwright's mocked WebSocket delivers each
/// message through a script evaluation in the page, measured to bunch 0.5 s of fragments
/// together, so timings through it say more about the mock than about the page.
/// </summary>
public sealed class PlayerSite : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<PlayerConnection> _connections = Channel.CreateUnbounded<PlayerConnection>();
    private readonly List<PlayerConnection> _accepted = [];
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly List<string> _unanswered = [];
    private readonly Task _serving;

    private PlayerSite(int port)
    {
        Origin = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Origin + "/");
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>src/Host/Web/wwwroot of the repository these tests were built from.</summary>
    public static string Wwwroot { get; } = FindWwwroot();

    public string Origin { get; }

    /// <summary>How many WebSocket connections the page opened so far.</summary>
    public int Connections
    {
        get
        {
            lock (_accepted)
            {
                return _accepted.Count;
            }
        }
    }

    /// <summary>Requests that nothing here answers, e.g. "GET /static/missing.js".</summary>
    public IReadOnlyList<string> Unanswered
    {
        get
        {
            lock (_unanswered)
            {
                return [.. _unanswered];
            }
        }
    }

    public static PlayerSite Start() => new(ServeProcess.FreeTcpPort());

    /// <summary>The address of the page for <paramref name="session"/>, with <paramref name="query"/> (e.g. "?hls") after it.</summary>
    public string PageUrl(string session, string query = "") => $"{Origin}/{Uri.EscapeDataString(session)}/{query}";

    /// <summary>Adds a file the page may fetch at <paramref name="path"/> (e.g. "/cam/index.m3u8"), beside the page's own.</summary>
    public void Serve(string path, string file)
    {
        lock (_files)
        {
            _files[path] = file;
        }
    }

    /// <summary>The next WebSocket connection the page opens, within <paramref name="timeout"/>.</summary>
    public async Task<PlayerConnection> NextConnectionAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await _connections.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the page opened no WebSocket within {timeout.TotalSeconds:0} s ({Connections} so far)");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
        {
            // Closing the listener ends the accept loop.
        }
        PlayerConnection[] accepted;
        lock (_accepted)
        {
            accepted = [.. _accepted];
        }
        foreach (var connection in accepted)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            var context = await _listener.GetContextAsync();
            _ = AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        try
        {
            if (context.Request.IsWebSocketRequest && path.EndsWith("/ws", StringComparison.Ordinal))
            {
                var socket = (await context.AcceptWebSocketAsync(subProtocol: null)).WebSocket;
                var connection = new PlayerConnection(socket);
                lock (_accepted)
                {
                    _accepted.Add(connection);
                }
                _connections.Writer.TryWrite(connection);
                return;
            }

            var file = FileFor(path);
            if (context.Request.HttpMethod != "GET" || file is null || !File.Exists(file))
            {
                lock (_unanswered)
                {
                    _unanswered.Add($"{context.Request.HttpMethod} {path}");
                }
                context.Response.StatusCode = 404;
                context.Response.Close();
                return;
            }

            var body = await File.ReadAllBytesAsync(file);
            context.Response.ContentType = ContentType(file);
            context.Response.Headers["Cache-Control"] = "no-store";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
        catch (Exception error) when (error is HttpListenerException or IOException or ObjectDisposedException or WebSocketException)
        {
            // The browser went away mid-answer (its page closed): nothing to answer any more.
        }
    }

    private string? FileFor(string path)
    {
        lock (_files)
        {
            if (_files.TryGetValue(path, out var added))
            {
                return added;
            }
        }
        if (path.StartsWith("/static/", StringComparison.Ordinal) && path.Count(c => c == '/') == 2)
        {
            return Path.Combine(Wwwroot, path["/static/".Length..]);
        }
        // "/<session>/": one segment and the slash after it.
        return path.Length > 2 && path.EndsWith('/') && path.Count(c => c == '/') == 2 ? Path.Combine(Wwwroot, "player.html") : null;
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".m3u8" => "application/vnd.apple.mpegurl",
        ".mp4" or ".m4s" => "video/mp4",
        _ => "application/octet-stream",
    };

    private static string FindWwwroot() => Path.Combine(Repository.Root, "src", "Host", "Web", "wwwroot");
}
