using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace MediaActors.Testing.Peers;

/// <summary>
/// A misbehaving camera on a loopback port, for the cases a real one does not produce on demand:
/// each request's head goes to the script, which returns the raw bytes to answer with (a
/// response, garbage, nothing at all) or null to close the connection. The CSeq of the request is
/// at hand for building well-formed responses.
/// </summary>
public sealed partial class ScriptedRtspCamera : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<ScriptedRequest, byte[]?> _script;
    private readonly Task _accepting;

    private ScriptedRtspCamera(Func<ScriptedRequest, byte[]?> script)
    {
        _script = script;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"rtsp://127.0.0.1:{Port}/cam";

    /// <summary>Requests received so far, by method.</summary>
    public IReadOnlyDictionary<string, int> Requests => _requests;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _requests = new();

    public static ScriptedRtspCamera Start(Func<ScriptedRequest, byte[]?> script) => new(script);

    /// <summary>A response with the request's CSeq, the given status line and headers, and a body.</summary>
    public static byte[] Response(ScriptedRequest request, string status, string body = "", params string[] headers)
    {
        var text = new StringBuilder($"RTSP/1.0 {status}\r\nCSeq: {request.CSeq}\r\n");
        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        if (body.Length > 0)
        {
            text.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n");
        }

        text.Append("\r\n").Append(body);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[16384];
            var buffered = 0;
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var read = await socket.ReceiveAsync(buffer.AsMemory(buffered), SocketFlags.None, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    buffered += read;
                    var text = Encoding.ASCII.GetString(buffer, 0, buffered);
                    var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (end < 0)
                    {
                        continue;
                    }

                    var head = text[..end];
                    Buffer.BlockCopy(buffer, end + 4, buffer, 0, buffered - end - 4);
                    buffered -= end + 4;
                    var request = new ScriptedRequest(head.Split(' ')[0], head, CSeqOf(head));
                    _requests.AddOrUpdate(request.Method, 1, (_, count) => count + 1);
                    var answer = _script(request);
                    if (answer is null)
                    {
                        return;
                    }

                    await socket.SendAsync(answer, SocketFlags.None, _stop.Token);
                }
            }
            catch (Exception)
            {
                // The client went away, or the camera is being disposed.
            }
        }
    }

    private static string CSeqOf(string head) => CSeqPattern().Match(head) is { Success: true } match ? match.Groups[1].Value : "0";

    [GeneratedRegex(@"(?im)^CSeq:\s*(\d+)")]
    private static partial Regex CSeqPattern();
}

/// <summary>One request to a <see cref="ScriptedRtspCamera"/>: its method, its whole head, its CSeq.</summary>
public sealed record ScriptedRequest(string Method, string Head, string CSeq);
