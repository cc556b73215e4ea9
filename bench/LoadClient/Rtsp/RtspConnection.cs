using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MediaActors.LoadClient.Rtsp;

/// <summary>Receives one interleaved frame (`$`, channel, 16-bit length, payload); the payload is only valid during the call.</summary>
public delegate void InterleavedFrameHandler(byte channel, ReadOnlySpan<byte> payload);

/// <summary>
/// One RTSP connection over TCP, or over TLS for rtsps:// (<see cref="RtspStream"/>). Requests go
/// one at a time; a single read loop, running from the connect on, hands each response to the
/// request waiting for it and each interleaved frame to <see cref="InterleavedFrameHandler"/>,
/// since over TCP both arrive mixed on the same stream.
/// Frames are read in place from one buffer per connection: nothing is allocated per frame.
/// </summary>
public sealed class RtspConnection : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly InterleavedFrameHandler _onFrame;
    private readonly byte[] _buffer;
    private readonly SemaphoreSlim _oneRequestAtATime = new(1, 1);
    private readonly Task<string?> _reading;
    private PendingRequest? _pending;
    private int _cseq;

    private RtspConnection(Socket socket, Stream stream, int bufferBytes, InterleavedFrameHandler onFrame)
    {
        _socket = socket;
        _stream = stream;
        _onFrame = onFrame;
        _buffer = new byte[bufferBytes];
        _reading = ReadLoopAsync();
    }

    /// <summary>Our end's address, where the server sends UDP media (127.0.0.1 on loopback).</summary>
    /// <remarks>The socket is dual-mode, so an IPv4 peer shows as ::ffff:a.b.c.d; an IPv4 UDP socket needs it unmapped.</remarks>
    public IPAddress LocalAddress
    {
        get
        {
            var address = ((IPEndPoint)_socket.LocalEndPoint!).Address;
            return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        }
    }

    /// <summary>Completes when the connection ends: with null when the server closed it, or with what went wrong.</summary>
    public Task<string?> Ended => _reading;

    /// <param name="bufferBytes">At least one whole interleaved frame (65,539 bytes) when media comes over this connection.</param>
    /// <param name="socketReceiveBufferBytes">SO_RCVBUF, set before connecting so that TCP's window can use it; null leaves the system's.</param>
    public static async Task<RtspConnection> ConnectAsync(Uri url, int bufferBytes, int? socketReceiveBufferBytes,
        InterleavedFrameHandler onFrame, CancellationToken cancellation)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (socketReceiveBufferBytes is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            deadline.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(url.Host, url.IsDefaultPort ? RtspStream.DefaultPort(url) : url.Port, deadline.Token);
            var stream = await RtspStream.OpenAsync(socket, url, deadline.Token);
            return new RtspConnection(socket, stream, bufferBytes, onFrame);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The socket's receive buffer as the kernel granted it (Linux reports twice what was asked, for its bookkeeping).</summary>
    public int GrantedReceiveBufferBytes => _socket.ReceiveBufferSize;

    /// <summary>The TLS protocol and cipher suite negotiated for rtsps://; null over plain TCP.</summary>
    public string? NegotiatedTls => RtspStream.Negotiated(_stream);

    /// <summary>Sends a request and waits up to <paramref name="timeout"/> for its response (any status).</summary>
    public async Task<RtspResponse> RequestAsync(string method, string url, TimeSpan timeout, params (string Name, string Value)[] headers)
    {
        await _oneRequestAtATime.WaitAsync();
        try
        {
            if (_reading.IsCompleted)
            {
                throw new IOException($"{method}: the connection has ended ({_reading.Result ?? "closed by the server"})");
            }

            var pending = new PendingRequest(++_cseq);
            Volatile.Write(ref _pending, pending);
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(Format(method, url, pending.CSeq, headers)));
            try
            {
                return await pending.Response.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{method} got no response within {timeout.TotalSeconds:0.#} s");
            }
        }
        finally
        {
            Volatile.Write(ref _pending, null);
            _oneRequestAtATime.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already disconnected.
        }
        _socket.Dispose();
        await _reading;
        await _stream.DisposeAsync();
        _oneRequestAtATime.Dispose();
    }

    private static string Format(string method, string url, int cseq, (string Name, string Value)[] headers)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{method} {url} RTSP/1.0\r\nCSeq: {cseq}\r\nUser-Agent: mediaactors-loadclient\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        return text.Append("\r\n").ToString();
    }

    private async Task<string?> ReadLoopAsync()
    {
        int start = 0, end = 0;
        string? failure = null;
        try
        {
            while (true)
            {
                if (start > 0)
                {
                    // Move the incomplete message that is left to the front; it is at most one frame.
                    _buffer.AsSpan(start, end - start).CopyTo(_buffer);
                    end -= start;
                    start = 0;
                }
                if (end == _buffer.Length)
                {
                    throw new InvalidDataException($"an RTSP message or frame larger than the {_buffer.Length}-byte buffer");
                }

                var read = await _stream.ReadAsync(_buffer.AsMemory(end));
                if (read == 0)
                {
                    break;
                }

                end += read;
                start = ConsumeMessages(start, end);
            }
        }
        catch (Exception error) when (error is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted }
                                          or IOException { InnerException: ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted } })
        {
            failure = "closed by the client";
        }
        catch (Exception error)
        {
            failure = error.Message;
        }
        Volatile.Read(ref _pending)?.Response.TrySetException(new IOException($"the connection ended: {failure ?? "closed by the server"}"));
        return failure;
    }

    /// <summary>Handles every whole message in the buffer between <paramref name="start"/> and <paramref name="end"/>; returns where the first incomplete one begins.</summary>
    private int ConsumeMessages(int start, int end)
    {
        while (start < end)
        {
            var data = _buffer.AsSpan(start, end - start);
            if (data[0] == (byte)'$')
            {
                if (data.Length < 4)
                {
                    break;
                }

                var length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
                if (data.Length < 4 + length)
                {
                    break;
                }

                _onFrame(data[1], data.Slice(4, length));
                start += 4 + length;
                continue;
            }

            var headEnd = data.IndexOf("\r\n\r\n"u8);
            if (headEnd < 0)
            {
                break;
            }

            var head = RtspHead.Parse(Encoding.ASCII.GetString(data[..headEnd]));
            var messageLength = headEnd + 4 + head.ContentLength;
            if (data.Length < messageLength)
            {
                break;
            }
            // Requests from the server (a rare ANNOUNCE or keepalive of its own) are skipped.
            if (head.IsResponse)
            {
                Deliver(head.ToResponse(Encoding.UTF8.GetString(data[(headEnd + 4)..messageLength])));
            }

            start += messageLength;
        }
        return start;
    }

    private void Deliver(RtspResponse response)
    {
        var pending = Volatile.Read(ref _pending);
        // A response whose CSeq is not the waiting request's answers one that timed out already.
        if (pending is not null && (response.CSeq is null || response.CSeq == pending.CSeq))
        {
            pending.Response.TrySetResult(response);
        }
    }

    private sealed class PendingRequest(int cseq)
    {
        public int CSeq { get; } = cseq;

        public TaskCompletionSource<RtspResponse> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
