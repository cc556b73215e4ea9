using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Akka.Actor;
using MediaActors.Connections;
using MediaActors.Protocol.Rtsp;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MediaActors.Host.Http;

/// <summary>
/// RTSP over HTTP on the HTTP port: a Kestrel connection middleware that looks at the head of each
/// connection's first request, and hands a connection that opens half of a tunnel (a GET or POST
/// with an <c>x-sessioncookie</c>) to the RTSP listener, which serves it like a tunnel half that
/// arrived on the RTSP port. Every other connection goes on to the HTTP server untouched.
/// </summary>
internal static class RtspTunnelConnections
{
    // Enough for any tunnel request head (players send a few hundred bytes); longer heads are plain HTTP's business.
    private const int MaxHeadBytes = 8192;
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(10);

    public static void UseOn(ListenOptions listen, RunningServer running) =>
        listen.Use(next => connection => HandleAsync(connection, next, running));

    private static async Task HandleAsync(ConnectionContext connection, ConnectionDelegate next, RunningServer running)
    {
        if (running.Current?.Listener is not { } listener
            || connection.RemoteEndPoint is not IPEndPoint remote || connection.LocalEndPoint is not IPEndPoint local
            || !await OpensTunnelAsync(connection.Transport.Input, connection.ConnectionClosed))
        {
            await next(connection);
            return;
        }

        var stream = new TunnelConnectionStream(connection.Transport);
        listener.Tell(new RtspListener.Adopt(new ConnectionStream(stream, remote, local, ConnectionSecurity.Plain, Task.CompletedTask)));
        // The connection lives until the RTSP side is done with it.
        await stream.Closed;
    }

    /// <summary>
    /// Reads (without consuming) until the first request head is whole, and tells whether it opens
    /// a tunnel half. The bytes stay in the pipe for whoever reads the connection next.
    /// </summary>
    private static async Task<bool> OpensTunnelAsync(PipeReader input, CancellationToken closed)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(closed);
        timeout.CancelAfter(HeadTimeout);
        while (true)
        {
            ReadResult read;
            try
            {
                read = await input.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            var buffer = read.Buffer;
            var head = buffer.Slice(0, Math.Min(buffer.Length, MaxHeadBytes)).ToArray();
            var decided = Decide(head, complete: read.IsCompleted || buffer.Length >= MaxHeadBytes);
            if (decided is { } opensTunnel)
            {
                // Nothing consumed or examined: the next reader gets all of it at once.
                input.AdvanceTo(buffer.Start);
                return opensTunnel;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>True or false once the head tells, null while it needs more bytes.</summary>
    private static bool? Decide(byte[] head, bool complete)
    {
        if (head.Length >= "POST ".Length && !TunnelRequest.StartsTunnel(head))
        {
            return false;
        }

        // The RTSP side's own parser: what it would take as a tunnel half is what goes to it.
        var request = TunnelRequest.Parse(head, RtspParserLimits.Default, out _, out var error);
        if (request is null && error is null)
        {
            return complete ? false : null;
        }

        return request?.SessionCookie is not null;
    }

    /// <summary>A Kestrel connection's transport as the stream of an RTSP connection; <see cref="Closed"/> completes when the RTSP side disposes it.</summary>
    private sealed class TunnelConnectionStream(IDuplexPipe transport) : Stream
    {
        private readonly Stream _input = transport.Input.AsStream();
        private readonly Stream _output = transport.Output.AsStream();
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Closed => _closed.Task;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _input.ReadAsync(buffer, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _output.WriteAsync(buffer, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);

        public override void Write(byte[] buffer, int offset, int count) => _output.Write(buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // The middleware returns, and Kestrel completes the pipes (ending any read still
                // pending), sends what was written and closes the connection.
                _closed.TrySetResult();
            }

            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
