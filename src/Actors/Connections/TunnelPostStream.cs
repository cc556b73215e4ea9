using MediaActors.Protocol.Rtsp;

namespace MediaActors.Connections;

/// <summary>
/// The client-to-server direction of an RTSP-over-HTTP tunnel: reads the POST half's body and
/// gives back what it decodes, so the connection reads RTSP requests and interleaved RTCP from it
/// as from any other stream. Read-only; the body is small (requests and receiver reports).
/// </summary>
internal sealed class TunnelPostStream : Stream
{
    private const int ChunkBytes = 4096;

    private readonly ConnectionStream _post;
    private readonly TunnelBase64Decoder _decoder = new();
    private readonly byte[] _encoded = new byte[ChunkBytes];
    private byte[] _decoded = new byte[ChunkBytes];
    private byte[]? _leftover;
    private int _decodedStart, _decodedEnd;

    /// <param name="post">The POST connection, its request head already read.</param>
    /// <param name="leftover">The body bytes that arrived with the head.</param>
    public TunnelPostStream(ConnectionStream post, ReadOnlySpan<byte> leftover)
    {
        _post = post;
        _leftover = leftover.Length > 0 ? leftover.ToArray() : null;
    }

    /// <summary>Where the POST comes from.</summary>
    public ConnectionStream Post => _post;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_decodedStart == _decodedEnd)
        {
            if (_leftover is { } leftover)
            {
                _leftover = null;
                Decode(leftover);
                continue;
            }

            var read = await _post.Stream.ReadAsync(_encoded, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return 0;
            }

            Decode(_encoded.AsSpan(0, read));
        }

        var taken = Math.Min(buffer.Length, _decodedEnd - _decodedStart);
        _decoded.AsMemory(_decodedStart, taken).CopyTo(buffer);
        _decodedStart += taken;
        return taken;
    }

    /// <summary>Decodes a chunk of the body into the decoded buffer, which is empty.</summary>
    private void Decode(ReadOnlySpan<byte> encoded)
    {
        if (_decoded.Length < encoded.Length)
        {
            // Only the bytes that came with the head can be longer than a read.
            _decoded = new byte[encoded.Length];
        }

        var count = _decoder.Decode(encoded, _decoded);
        if (count < 0)
        {
            throw new InvalidDataException("the tunnel's POST body is not base64");
        }

        (_decodedStart, _decodedEnd) = (0, count);
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _post.Dispose();
        }

        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
