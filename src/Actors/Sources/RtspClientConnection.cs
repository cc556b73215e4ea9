using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MediaActors.Connections;
using MediaActors.Protocol.Auth;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Sources;

/// <summary>
/// One TCP connection to an RTSP server, as its client: requests go out one at a time with their
/// CSeq, Session and Authorization headers, and one read loop takes apart what comes back:
/// responses complete their request, interleaved frames go to <see cref="Interleaved"/>, and the
/// few requests a server may send (keepalive OPTIONS, GET_PARAMETER) are answered. A 401 is
/// answered once with the credentials of the URL (Digest preferred). The read loop ends, and
/// <see cref="Closed"/> with it, when the server closes the connection or breaks the framing.
/// </summary>
internal sealed class RtspClientConnection : IAsyncDisposable
{
    private const string UserAgent = "MediaActors";

    /// <summary>RFC 2326 12.37: the session timeout a server that names none has.</summary>
    private static readonly TimeSpan DefaultSessionTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Keepalives go at half the session timeout, and at least this often (servers that time out early).</summary>
    private static readonly TimeSpan MaxKeepaliveInterval = TimeSpan.FromSeconds(25);

    private static readonly TimeSpan TeardownTimeout = TimeSpan.FromSeconds(1);
    private const int ReceiveBufferBytes = 256 * 1024;

    private readonly Socket _socket;
    private readonly RtspCredentials? _credentials;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _requestLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<RtspResponse>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _buffer = new byte[ReceiveBufferBytes];
    private RtspAuthorizationSender? _authorization;
    private ConnectionWriter? _writer;
    private Task _readLoop = Task.CompletedTask;
    private int _cseq;
    private string _keepaliveMethod = RtspMethods.OPTIONS;

    private RtspClientConnection(Socket socket, RtspCredentials? credentials)
    {
        _socket = socket;
        _credentials = credentials;
    }

    /// <summary>Receives an interleaved frame's payload (valid during the call only) on its channel; called on the read loop.</summary>
    public delegate void InterleavedHandler(byte channel, ReadOnlySpan<byte> payload);

    /// <summary>Where interleaved frames go; set before <see cref="Start"/>'s frames can arrive (before PLAY).</summary>
    public InterleavedHandler? Interleaved { get; set; }

    /// <summary>The session the server gave in its SETUP reply, sent with every later request.</summary>
    public SessionHeader? Session { get; private set; }

    /// <summary>Completes when the read loop ends: the server closed the connection (faulted with why) or this side disposed it.</summary>
    public Task Closed => _readLoop;

    /// <summary>
    /// The server's address, as RTP from it arrives over UDP: an IPv4 address as such, not in the
    /// IPv4-mapped IPv6 form of the dual-mode socket that connected to it.
    /// </summary>
    public IPAddress RemoteAddress
    {
        get
        {
            var address = ((IPEndPoint)_socket.RemoteEndPoint!).Address;
            return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        }
    }

    /// <summary>This side's address of the connection (IPv4 as such), for the origin of an SDP it sends.</summary>
    public IPAddress LocalAddress
    {
        get
        {
            var address = ((IPEndPoint)_socket.LocalEndPoint!).Address;
            return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        }
    }

    /// <exception cref="RtspSourceException">The server cannot be reached within <paramref name="timeout"/>.</exception>
    public static async Task<RtspClientConnection> ConnectAsync(RtspUrl url, RtspCredentials? credentials, TimeSpan timeout, CancellationToken cancellation)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(url.Host, url.Port, deadline.Token);
        }
        catch (Exception error) when (error is SocketException || (error is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            socket.Dispose();
            var cause = error is SocketException socketError ? socketError.Message : $"no answer within {timeout.TotalSeconds:0.#} s";
            throw new RtspSourceException($"cannot connect to {url.Host}:{url.Port}: {cause}");
        }

        var connection = new RtspClientConnection(socket, credentials);
        connection._readLoop = Task.Run(connection.ReadLoopAsync);
        return connection;
    }

    /// <summary>
    /// Sends a request and waits for its response. A 401 is answered once with the URL's
    /// credentials; a second 401 (or one without credentials to give) is returned as it is.
    /// </summary>
    /// <exception cref="RtspSourceException">No response within <paramref name="timeout"/>, or the connection ended.</exception>
    public Task<RtspResponse> RequestAsync(string method, string uri, TimeSpan timeout, CancellationToken cancellation, params (string Name, string Value)[] headers) =>
        RequestAsync(method, uri, body: null, timeout, cancellation, headers);

    /// <summary>A request with a body (ANNOUNCE with its SDP); otherwise as <see cref="RequestAsync(string, string, TimeSpan, CancellationToken, ValueTuple{string, string}[])"/>.</summary>
    /// <exception cref="RtspSourceException">No response within <paramref name="timeout"/>, or the connection ended.</exception>
    public async Task<RtspResponse> RequestAsync(string method, string uri, byte[]? body, TimeSpan timeout, CancellationToken cancellation, params (string Name, string Value)[] headers)
    {
        await _requestLock.WaitAsync(cancellation);
        try
        {
            var response = await SendAndReceiveAsync(method, uri, headers, body, timeout, cancellation);
            if (response.StatusCode == RtspStatus.Unauthorized && _credentials is not null
                && RtspAuthorizationSender.TryCreate(_credentials, response.Headers.GetValues("WWW-Authenticate"), out var sender))
            {
                var refused = _authorization is not null && !IsStale(response);
                _authorization = sender;
                if (!refused)
                {
                    response = await SendAndReceiveAsync(method, uri, headers, body, timeout, cancellation);
                }
            }

            if (response.Headers["Session"] is { } session && SessionHeader.TryParse(session, out var parsed))
            {
                Session = parsed;
            }

            return response;
        }
        finally
        {
            _requestLock.Release();
        }
    }

    /// <summary>How often <see cref="KeepAliveAsync"/> must be called: half the session timeout the server gave (60 s when none), at most 25 s.</summary>
    public TimeSpan KeepaliveInterval
    {
        get
        {
            var timeout = Session?.TimeoutSeconds is { } seconds and > 0 ? TimeSpan.FromSeconds(seconds) : DefaultSessionTimeout;
            return TimeSpan.FromTicks(Math.Min(timeout.Ticks / 2, MaxKeepaliveInterval.Ticks));
        }
    }

    /// <summary>OPTIONS; its Public header says whether GET_PARAMETER, which names the session, can be the keepalive.</summary>
    public async Task<RtspResponse> OptionsAsync(string uri, TimeSpan timeout, CancellationToken cancellation)
    {
        var options = await RequestAsync(RtspMethods.OPTIONS, uri, timeout, cancellation);
        _keepaliveMethod = options.StatusCode == RtspStatus.Ok && (options.Headers["Public"]?.Contains(RtspMethods.GET_PARAMETER, StringComparison.OrdinalIgnoreCase) ?? false)
            ? RtspMethods.GET_PARAMETER
            : RtspMethods.OPTIONS;
        return options;
    }

    /// <summary>Keeps the server's session alive (GET_PARAMETER, else OPTIONS; a GET_PARAMETER refused falls back to OPTIONS).</summary>
    /// <exception cref="RtspSourceException">The server forgot the session (454), or did not answer.</exception>
    public async Task KeepAliveAsync(string uri, TimeSpan timeout, CancellationToken cancellation)
    {
        var answer = await RequestAsync(_keepaliveMethod, uri, timeout, cancellation);
        if (answer.StatusCode == RtspStatus.SessionNotFound)
        {
            throw new RtspSourceException($"the server forgot the session (454 to a keepalive {_keepaliveMethod})");
        }

        if (answer.StatusCode != RtspStatus.Ok && _keepaliveMethod == RtspMethods.GET_PARAMETER)
        {
            _keepaliveMethod = RtspMethods.OPTIONS;
        }
    }

    /// <summary>TEARDOWN, waiting at most a second; a failure is ignored, as the server forgets the session at its timeout anyway.</summary>
    public async Task TeardownAsync(string uri)
    {
        try
        {
            await RequestAsync(RtspMethods.TEARDOWN, uri, TeardownTimeout, CancellationToken.None);
        }
        catch (Exception error) when (error is RtspSourceException or OperationCanceledException or ObjectDisposedException)
        {
            // Nothing to do: the connection closes next.
        }
    }

    /// <summary>Sends an interleaved frame (RTCP to the server over TCP); dropped when the connection is gone.</summary>
    public async Task SendInterleavedAsync(byte channel, ReadOnlyMemory<byte> payload, CancellationToken cancellation)
    {
        var frame = new byte[InterleavedFrame.HeaderSize + payload.Length];
        InterleavedFrame.Write(frame, channel, payload.Span);
        await WriteAsync(frame, cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _readLoop;
        }
        catch (Exception)
        {
            // Why it ended was already reported through Closed.
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetCanceled();
        }

        _stop.Dispose();
        _writeLock.Dispose();
        _requestLock.Dispose();
    }

    /// <summary>A Digest challenge marked stale means the nonce expired, not that the password is wrong.</summary>
    private static bool IsStale(RtspResponse response) =>
        response.Headers.GetValues("WWW-Authenticate").Any(value => value.Contains("stale=true", StringComparison.OrdinalIgnoreCase));

    private async Task<RtspResponse> SendAndReceiveAsync(string method, string uri, (string Name, string Value)[] headers, byte[]? body, TimeSpan timeout, CancellationToken cancellation)
    {
        var cseq = Interlocked.Increment(ref _cseq);
        var request = new RtspRequest(method, uri, body: body);
        request.Headers.Add("CSeq", cseq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("User-Agent", UserAgent);
        if (_authorization is not null)
        {
            request.Headers.Add("Authorization", _authorization.Authorize(method, uri));
        }

        if (Session is not null)
        {
            request.Headers.Add("Session", Session.Id);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        var answer = new TaskCompletionSource<RtspResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[cseq] = answer;
        try
        {
            await WriteAsync(request.Serialize(), cancellation);
            return await answer.Task.WaitAsync(timeout, cancellation);
        }
        catch (TimeoutException)
        {
            throw new RtspSourceException($"no answer to {method} within {timeout.TotalSeconds:0.#} s");
        }
        finally
        {
            _pending.TryRemove(cseq, out _);
        }
    }

    /// <summary>
    /// From now on every write (requests, answers, interleaved frames) goes through a bounded
    /// <see cref="ConnectionWriter"/> on this connection's socket, which media may share without
    /// blocking: a publisher's RTP goes there too, refused when more than
    /// <paramref name="maxQueuedBytes"/> wait, while requests keep their allowance beyond it.
    /// </summary>
    public ConnectionWriter WriteThrough(long maxQueuedBytes)
    {
        _writeLock.Wait();
        try
        {
            return _writer ??= new ConnectionWriter(_socket, maxQueuedBytes);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task WriteAsync(byte[] bytes, CancellationToken cancellation)
    {
        await _writeLock.WaitAsync(cancellation);
        try
        {
            if (_writer is { } writer)
            {
                // Queued in order with the media; the lock is only held for the enqueue.
                if (!writer.TryEnqueueControl(bytes))
                {
                    throw new RtspSourceException("the server takes no more data (the connection's queue is full, or it broke)");
                }

                return;
            }

            await _socket.SendAsync(bytes, SocketFlags.None, cancellation);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            throw new RtspSourceException($"the connection to the server broke: {error.Message}");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffered = 0;
        try
        {
            while (true)
            {
                if (buffered == _buffer.Length)
                {
                    throw new RtspSourceException("the server sent a message larger than the receive buffer");
                }

                var read = await _socket.ReceiveAsync(_buffer.AsMemory(buffered), SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    throw new RtspSourceException("the server closed the connection");
                }

                buffered += read;
                var consumed = HandleBuffered(_buffer.AsSpan(0, buffered));
                if (consumed > 0)
                {
                    Buffer.BlockCopy(_buffer, consumed, _buffer, 0, buffered - consumed);
                    buffered -= consumed;
                }
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            FailPending(error);
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            throw new RtspSourceException($"the connection to the server broke: {error.Message}");
        }
        catch (Exception error)
        {
            FailPending(error);
            throw;
        }
    }

    private void FailPending(Exception error)
    {
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(error is RtspSourceException ? error : new RtspSourceException($"the connection to the server broke: {error.Message}"));
        }
    }

    /// <summary>Handles every whole item at the start of <paramref name="input"/>; returns the bytes used.</summary>
    private int HandleBuffered(ReadOnlySpan<byte> input)
    {
        var used = 0;
        while (used < input.Length)
        {
            var rest = input[used..];
            if (rest[0] == InterleavedFrame.Magic)
            {
                if (!InterleavedFrame.TryReadHeader(rest, out var channel, out var length))
                {
                    return used;
                }

                if (rest.Length < InterleavedFrame.HeaderSize + length)
                {
                    return used;
                }

                Interleaved?.Invoke(channel, rest.Slice(InterleavedFrame.HeaderSize, length));
                used += InterleavedFrame.HeaderSize + length;
            }
            else if (rest[0] is (byte)'\r' or (byte)'\n')
            {
                used++;
            }
            else if (rest.StartsWith("RTSP/"u8))
            {
                if (!RtspResponseParser.TryParse(rest, RtspParserLimits.Default, out var response, out var consumed, out var malformed))
                {
                    return malformed ? throw new RtspSourceException("the server sent a malformed response") : used;
                }

                Complete(response!);
                used += consumed;
            }
            else
            {
                var consumed = AnswerServerRequest(rest);
                if (consumed == 0)
                {
                    return used;
                }

                used += consumed;
            }
        }

        return used;
    }

    private void Complete(RtspResponse response)
    {
        if (response.Headers.TryGetNonNegativeInt32("CSeq", out var cseq) && _pending.TryGetValue(cseq, out var answer))
        {
            answer.TrySetResult(response);
        }
    }

    /// <summary>A request from the server (some cameras check their clients with OPTIONS): 200 for the harmless ones, 501 for the rest.</summary>
    private int AnswerServerRequest(ReadOnlySpan<byte> input)
    {
        var parsed = new RtspRequestParser(RtspParserLimits.Default).Parse(input, out var consumed);
        switch (parsed.Kind)
        {
            case RtspInputKind.NeedMoreData:
                return 0;
            case RtspInputKind.Request:
                var request = parsed.Request!;
                var status = request.Method is RtspMethods.OPTIONS or RtspMethods.GET_PARAMETER ? RtspStatus.Ok : RtspStatus.NotImplemented;
                var reply = new RtspResponse(status);
                reply.Headers.Add("CSeq", request.CSeq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0");
                _ = WriteAsync(reply.Serialize(), CancellationToken.None).ContinueWith(static _ => { }, TaskScheduler.Default);
                return consumed;
            default:
                throw new RtspSourceException($"the server sent bytes that are neither a response nor an interleaved frame ({Printable(input)})");
        }
    }

    private static string Printable(ReadOnlySpan<byte> input)
    {
        var head = input[..Math.Min(input.Length, 16)];
        var text = new StringBuilder();
        foreach (var b in head)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }

        return text.ToString();
    }
}
