using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

using MediaActors.Testing.Rtp;

namespace MediaActors.Testing.Rtsp;

/// <summary>A response as a test sees it.</summary>
public sealed record TestResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    /// <summary>The first value of a header (names compared case-insensitively), or null.</summary>
    public string? Header(string name) => HeaderValues(name).FirstOrDefault();

    /// <summary>Every value of a header that may repeat (WWW-Authenticate), in order.</summary>
    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public override string ToString() => $"{Status} [{string.Join("; ", Headers.Select(h => $"{h.Key}: {h.Value}"))}] {Body}";
}

/// <summary>A session after SETUP and PLAY: its id and the Transport the server replied with.</summary>
public sealed record PlayingSession(string Id, string Transport)
{
    /// <summary>The server's RTP and RTCP ports from a UDP Transport reply.</summary>
    public (int Rtp, int Rtcp) ServerPorts
    {
        get
        {
            var ports = System.Text.RegularExpressions.Regex.Match(Transport, @"server_port=(\d+)-(\d+)");
            if (!ports.Success)
            {
                throw new InvalidDataException($"no server_port in '{Transport}'");
            }

            return (int.Parse(ports.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(ports.Groups[2].Value, CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>
/// A deliberately plain RTSP client over a real TCP socket, written independently of the server's
/// parser so that the two check each other: it sends any request, reads responses and interleaved
/// frames, and feeds an <see cref="RtpProbe"/>. Every read has a deadline.
/// </summary>
public sealed class RtspTestClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultReadTimeout = TimeSpan.FromSeconds(15);
    private readonly Stream _stream;
    private readonly Func<byte[], Task> _send;
    private readonly IDisposable _owner;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private int _start, _end;
    private int _cseq;

    /// <summary>How long one read may wait for data before the test fails (OperationCanceledException).</summary>
    public TimeSpan ReadTimeout { get; set; } = DefaultReadTimeout;

    private RtspTestClient(TcpClient tcp)
        : this(tcp.GetStream(), ((IPEndPoint)tcp.Client.LocalEndPoint!).Port, send: null, tcp)
    {
    }

    /// <summary>A client reading responses and media from <paramref name="input"/>, and sending with <paramref name="send"/> (null: to <paramref name="input"/>).</summary>
    /// <param name="owner">What the client closes when disposed.</param>
    internal RtspTestClient(Stream input, int localPort, Func<byte[], Task>? send, IDisposable owner)
    {
        _stream = input;
        LocalPort = localPort;
        _send = send ?? (bytes => _stream.WriteAsync(bytes).AsTask());
        _owner = owner;
    }

    /// <param name="configureSocket">Sets socket options that must precede the connection (buffer sizes, MSS).</param>
    public static async Task<RtspTestClient> ConnectAsync(int port, Action<Socket>? configureSocket = null)
    {
        var tcp = new TcpClient();
        configureSocket?.Invoke(tcp.Client);
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        return new RtspTestClient(tcp);
    }

    /// <summary>A client over TLS (rtsps://), trusting whatever certificate the server shows.</summary>
    public static async Task<RtspTestClient> ConnectTlsAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var tls = new System.Net.Security.SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("127.0.0.1");
        return new RtspTestClient(tls, ((IPEndPoint)tcp.Client.LocalEndPoint!).Port, send: null, tcp);
    }

    /// <summary>This client's port, as the server's log names the connection (127.0.0.1:port).</summary>
    public int LocalPort { get; }

    /// <summary>Sends a request with the next CSeq and the given headers, and reads its response (skipping interleaved data).</summary>
    public Task<TestResponse> RequestAsync(string method, string url, params (string Name, string Value)[] headers) =>
        RequestWithBodyAsync(method, url, body: null, headers);

    /// <summary>Like <see cref="RequestAsync"/>, with a body (an ANNOUNCE's SDP) and its Content-Length.</summary>
    public async Task<TestResponse> RequestWithBodyAsync(string method, string url, string? body, params (string Name, string Value)[] headers)
    {
        var text = new StringBuilder($"{method} {url} RTSP/1.0\r\nCSeq: {++_cseq}\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        if (body is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n");
        }

        text.Append("\r\n").Append(body);
        await SendRawAsync(Encoding.UTF8.GetBytes(text.ToString()));
        return await ReadResponseAsync();
    }

    /// <summary>
    /// SETUP of track 0 with <paramref name="transport"/> (TCP interleaved by default), then PLAY.
    /// Throws <see cref="InvalidOperationException"/> with the response when either is not 200.
    /// </summary>
    public async Task<PlayingSession> SetupAndPlayAsync(string url, string transport = "RTP/AVP/TCP;unicast;interleaved=0-1")
    {
        var setup = Succeeded("SETUP", await RequestAsync("SETUP", url + "/trackID=0", ("Transport", transport)));
        var session = setup.Header("Session")!.Split(';')[0];
        Succeeded("PLAY", await RequestAsync("PLAY", url, ("Session", session)));
        return new PlayingSession(session, setup.Header("Transport")!);
    }

    /// <summary>Reads interleaved frames into <paramref name="probe"/> until it has seen <paramref name="pictures"/> pictures; RTP is on <paramref name="channel"/>, other channels (RTCP) are passed over.</summary>
    public async Task ReadRtpAsync(RtpProbe probe, int pictures, byte channel = 0)
    {
        while (probe.Pictures.Count < pictures)
        {
            var (frameChannel, payload) = await ReadInterleavedAsync();
            if (frameChannel == channel)
            {
                probe.Add(payload);
            }
        }
    }

    public Task SendRawAsync(byte[] bytes) => _send(bytes);

    /// <summary>Interleaved frames <see cref="ReadResponseAsync"/> passed over, oldest first.</summary>
    public List<(byte Channel, byte[] Payload)> SkippedFrames { get; } = new();

    /// <summary>Reads the next response; interleaved frames before it are kept in <see cref="SkippedFrames"/>.</summary>
    public async Task<TestResponse> ReadResponseAsync()
    {
        while (true)
        {
            await FillAsync(1);
            if (_buffer[_start] == '$')
            {
                SkippedFrames.Add(await ReadInterleavedAsync());
                continue;
            }

            var headerEnd = await FindHeaderEndAsync();
            var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start).Split("\r\n");
            _start = headerEnd + 4;
            var statusLine = head[0].Split(' ', 3);
            if (statusLine[0] != "RTSP/1.0")
            {
                throw new InvalidDataException($"not an RTSP response: '{head[0]}'");
            }

            var headers = new List<KeyValuePair<string, string>>();
            foreach (var line in head.Skip(1))
            {
                var colon = line.IndexOf(':');
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
            var contentLength = headers.FirstOrDefault(h => string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
            var length = contentLength is null ? 0 : int.Parse(contentLength, CultureInfo.InvariantCulture);
            await FillAsync(length);
            var body = Encoding.UTF8.GetString(_buffer, _start, length);
            _start += length;
            return new TestResponse(int.Parse(statusLine[1], CultureInfo.InvariantCulture), headers, body);
        }
    }

    /// <summary>Reads the next interleaved frame ('$', channel, length, payload).</summary>
    public async Task<(byte Channel, byte[] Payload)> ReadInterleavedAsync()
    {
        await FillAsync(4);
        if (_buffer[_start] != '$')
        {
            throw new InvalidDataException($"expected an interleaved frame, got byte 0x{_buffer[_start]:x2}");
        }

        var channel = _buffer[_start + 1];
        var length = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start + 2));
        await FillAsync(4 + length);
        var payload = _buffer.AsSpan(_start + 4, length).ToArray();
        _start += 4 + length;
        return (channel, payload);
    }

    /// <summary>True when the server closed the connection (reads return end of stream) within the deadline.</summary>
    public async Task<bool> IsClosedByServerAsync(TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        try
        {
            while (true)
            {
                if (await _stream.ReadAsync(_buffer.AsMemory(_end == _buffer.Length ? 0 : _end), deadline.Token) == 0)
                {
                    return true;
                }

                if (_end == _buffer.Length)
                {
                    _start = _end = 0;
                }
            }
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

    public ValueTask DisposeAsync()
    {
        _owner.Dispose();
        return ValueTask.CompletedTask;
    }

    private static TestResponse Succeeded(string method, TestResponse response) =>
        response.Status == 200 ? response : throw new InvalidOperationException($"{method} was answered {response}");

    private async Task<int> FindHeaderEndAsync()
    {
        while (true)
        {
            var index = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
            if (index >= 0)
            {
                return _start + index;
            }

            await FillAsync(_end - _start + 1);
        }
    }

    private async Task FillAsync(int count)
    {
        if (_start > 0 && _buffer.Length - _start < count)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        using var deadline = new CancellationTokenSource(ReadTimeout);
        while (_end - _start < count)
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), deadline.Token);
            if (read == 0)
            {
                throw new EndOfStreamException("the server closed the connection");
            }

            _end += read;
        }
    }
}
