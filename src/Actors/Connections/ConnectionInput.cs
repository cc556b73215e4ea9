using Akka.Actor;
using Akka.Event;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Connections;

/// <summary>
/// The input side of a connection: reads its stream and frames what it read into requests and
/// interleaved frames. Reading is demand-driven: the next read starts only once what was read
/// before was handled, into the room left in a buffer that holds the largest request the limits
/// allow, or one whole interleaved frame, and no more. So a peer cannot make the server buffer
/// more than one request, and one too large for the buffer is refused.
/// </summary>
internal sealed class ConnectionInput
{
    private Stream? _source;
    private readonly RtspRequestParser _parser;
    private readonly ConnectionTimeouts _timeouts;
    private readonly IActorRef _connection;

    // Not pooled: a receive may still be writing into it after the socket is disposed.
    private readonly byte[] _buffer;
    private int _buffered;

    /// <param name="connection">The actor the reads complete to, as <see cref="Read"/> or <see cref="Ended"/>.</param>
    public ConnectionInput(Stream source, RtspParserLimits limits, ConnectionTimeouts timeouts, IActorRef connection)
    {
        (_source, _timeouts, _connection) = (source, timeouts, connection);
        _parser = new RtspRequestParser(limits);
        _buffer = new byte[Math.Max(
            limits.MaxRequestLineLength + limits.MaxHeaderBytes + limits.MaxBodyBytes,
            limits.MaxInterleavedFrameBytes + InterleavedFrame.HeaderSize)];
    }

    /// <summary>Receives an interleaved frame's payload, valid during the call only; false stops the handling (the connection closes).</summary>
    public delegate bool InterleavedHandler(byte channel, ReadOnlySpan<byte> payload);

    /// <summary>Starts the next read, unless there is nothing to read from (a tunnel between its POST halves).</summary>
    public void ReadNext() =>
        _source?.ReadAsync(_buffer.AsMemory(_buffered)).AsTask().PipeTo(_connection,
            success: count => count == 0 ? new Ended("closed by the client") : new Read(count),
            failure: error => new Ended($"read failed: {error.Message}"));

    /// <summary>
    /// Reads from <paramref name="source"/> from now on (an HTTP tunnel's POST half), or from
    /// nothing (null) until told otherwise; only between reads.
    /// </summary>
    public void ReadFrom(Stream? source) => _source = source;

    /// <summary>The bytes read and not yet handled, such as whatever followed an HTTP tunnel's request head.</summary>
    public ReadOnlySpan<byte> Unhandled => _buffer.AsSpan(0, _buffered);

    /// <summary>Drops the first <paramref name="count"/> unhandled bytes (a request head handled outside the RTSP parser).</summary>
    public void Skip(int count) => Consume(count);

    /// <summary>Takes in what a read brought (anything at all proves the client alive).</summary>
    public void Received(Read read)
    {
        _buffered += read.Count;
        _timeouts.Touch();
    }

    /// <summary>
    /// Handles what the buffer holds, in order: each whole request goes to <paramref name="request"/>,
    /// which returns false to stop there (the request is pending, or the connection closing); the
    /// payload of each interleaved frame goes to <paramref name="interleaved"/>, which may stop there
    /// too. At input that is not whole yet it watches the request deadline and reads on.
    /// </summary>
    /// <param name="handledAny">Whether a request was just answered: like each request or frame handled here, it restarts the deadline.</param>
    /// <returns>Null, or why the byte stream cannot be framed any further: the status to answer and the reason.</returns>
    public (int Status, string Reason)? Handle(Func<RtspRequest, bool> request, InterleavedHandler interleaved, bool handledAny)
    {
        while (true)
        {
            var input = _parser.Parse(_buffer.AsSpan(0, _buffered), out var consumed);
            switch (input.Kind)
            {
                case RtspInputKind.NeedMoreData when _buffered == _buffer.Length:
                    return (RtspStatus.RequestEntityTooLarge, "request exceeds the buffer");
                case RtspInputKind.NeedMoreData:
                    _timeouts.WatchPartialInput(unfinished: _buffered > 0, handledAny);
                    ReadNext();
                    return null;
                case RtspInputKind.InterleavedFrame:
                    // A player's RTCP, or a publisher's media (liveness is the read itself).
                    var handled = interleaved(input.Channel, _buffer.AsSpan(input.PayloadOffset, input.PayloadLength));
                    Consume(consumed);
                    handledAny = true;
                    if (!handled)
                    {
                        return null;
                    }

                    break;
                case RtspInputKind.Request:
                    Consume(consumed);
                    handledAny = true;
                    if (!request(input.Request!))
                    {
                        return null;
                    }

                    break;
                default:
                    return (input.ErrorStatus, input.ErrorMessage ?? "malformed request");
            }
        }
    }

    private void Consume(int count)
    {
        _buffered -= count;
        if (_buffered > 0)
        {
            Buffer.BlockCopy(_buffer, count, _buffer, 0, _buffered);
        }
    }

    // Socket completions may arrive after the connection stopped: not worth a dead-letter warning.
    public sealed record Read(int Count) : IDeadLetterSuppression;

    /// <summary>Nothing more can be read: the client closed the connection, or the socket failed.</summary>
    public sealed record Ended(string Reason) : IDeadLetterSuppression;
}
