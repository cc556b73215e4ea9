using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace MediaActors.Tests.Pushing;

/// <summary>
/// An RTSP server that takes a publisher (answers OPTIONS, ANNOUNCE, SETUP and RECORD with 200)
/// and then reads nothing more, with a small receive buffer: what the publisher sends piles up.
/// </summary>
internal sealed partial class StalledPushTarget : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _connections = [];
    private readonly Task _accepting;
    private int _recording;

    public StalledPushTarget()
    {
        _listener.Server.ReceiveBufferSize = 4096;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"rtsp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/stalled";

    /// <summary>Publishers that reached RECORD.</summary>
    public int Recording => Volatile.Read(ref _recording);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        lock (_connections)
        {
            _connections.ForEach(connection => connection.Dispose());
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            lock (_connections)
            {
                _connections.Add(socket);
            }

            _ = AnswerUntilRecordAsync(socket);
        }
    }

    private async Task AnswerUntilRecordAsync(Socket socket)
    {
        var buffer = new byte[8192];
        var pending = "";
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                return;
            }

            pending += Encoding.Latin1.GetString(buffer, 0, read);
            int end;
            while ((end = pending.IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
            {
                var head = pending[..end];
                var length = ContentLength().Match(head) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
                if (pending.Length < end + 4 + length)
                {
                    break;
                }

                pending = pending[(end + 4 + length)..];
                var cseq = CSeq().Match(head).Groups[1].Value;
                var reply = $"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\nSession: 5eed;timeout=60\r\nPublic: OPTIONS, ANNOUNCE, SETUP, RECORD, TEARDOWN\r\n\r\n";
                await socket.SendAsync(Encoding.ASCII.GetBytes(reply), SocketFlags.None, _stop.Token);
                if (head.StartsWith("RECORD ", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _recording);
                    // From now on nothing is read.
                    return;
                }
            }
        }
    }

    [GeneratedRegex(@"(?im)^Content-Length:\s*(\d+)")]
    private static partial Regex ContentLength();

    [GeneratedRegex(@"(?im)^CSeq:\s*(\d+)")]
    private static partial Regex CSeq();
}
