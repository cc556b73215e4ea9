using System.Text;

namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// Parses what a client sends on an RTSP connection: requests and interleaved binary frames,
/// one item per call from the start of the receive buffer.
/// </summary>
/// <remarks>
/// <para>The parser keeps no state between calls: the caller keeps the bytes not yet consumed and
/// calls again after appending more. Split reads and pipelined requests both fall out of that.
/// Re-scanning a partial head is cheap because the head is bounded by the limits.</para>
/// <para>Never throws: any input yields NeedMoreData, a request, a frame, or an error status
/// (400 malformed, 413 too large, 414 request line too long, 505 wrong version). It never
/// reports NeedMoreData for more bytes than the limits allow, so the buffer stays bounded.</para>
/// </remarks>
public sealed class RtspRequestParser
{
    private readonly RtspParserLimits _limits;

    /// <summary>Creates a parser enforcing <paramref name="limits"/>.</summary>
    public RtspRequestParser(RtspParserLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    /// <summary>
    /// Parses one item from the start of <paramref name="buffer"/>. <paramref name="consumed"/>
    /// is how many bytes it used (empty lines before it included); 0 for NeedMoreData and Error.
    /// </summary>
    public RtspInput Parse(ReadOnlySpan<byte> buffer, out int consumed)
    {
        consumed = 0;
        var start = RtspMessageHead.SkipEmptyLines(buffer);
        if (start == buffer.Length)
        {
            return start > _limits.MaxRequestLineLength
                ? RtspInput.ForError(RtspStatus.BadRequest, "Too many empty lines.")
                : RtspInput.NeedMoreData;
        }

        return buffer[start] == InterleavedFrame.Magic
            ? ParseInterleavedFrame(buffer, start, out consumed)
            : ParseRequest(buffer, start, out consumed);
    }

    private RtspInput ParseInterleavedFrame(ReadOnlySpan<byte> buffer, int start, out int consumed)
    {
        consumed = 0;
        if (!InterleavedFrame.TryReadHeader(buffer[start..], out var channel, out var payloadLength))
        {
            return RtspInput.NeedMoreData;
        }

        if (payloadLength > _limits.MaxInterleavedFrameBytes)
        {
            return RtspInput.ForError(RtspStatus.RequestEntityTooLarge, "Interleaved frame too large.");
        }

        var payloadOffset = start + InterleavedFrame.HeaderSize;
        if (buffer.Length - payloadOffset < payloadLength)
        {
            return RtspInput.NeedMoreData;
        }

        consumed = payloadOffset + payloadLength;
        return RtspInput.ForInterleavedFrame(channel, payloadOffset, payloadLength);
    }

    private RtspInput ParseRequest(ReadOnlySpan<byte> buffer, int start, out int consumed)
    {
        consumed = 0;
        if (!RtspMessageHead.TryScan(buffer, start, _limits, out var layout, out var failure)
            || !TryParseRequestLine(buffer[layout.StartLine], out var method, out var uri, out failure))
        {
            return failure;
        }

        var headers = new RtspHeaders();
        if (!RtspMessageHead.TryParseFields(buffer[layout.HeaderFields], _limits, headers, out failure)
            || !RtspMessageHead.TryGetContentLength(headers, _limits, out var bodyLength, out failure))
        {
            return failure;
        }

        if (buffer.Length - layout.End < bodyLength)
        {
            return RtspInput.NeedMoreData;
        }

        consumed = layout.End + bodyLength;
        var body = buffer.Slice(layout.End, bodyLength).ToArray();
        return RtspInput.ForRequest(new RtspRequest(method, uri, headers, body));
    }

    /// <summary>"METHOD URI RTSP/1.0", single spaces; the URI is validated as RtspRequest requires.</summary>
    private static bool TryParseRequestLine(ReadOnlySpan<byte> line, out string method, out string uri, out RtspInput failure)
    {
        method = uri = string.Empty;
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1)
        {
            failure = RtspInput.ForError(RtspStatus.BadRequest, "Malformed request line.");
            return false;
        }

        var methodBytes = line[..firstSpace];
        var uriBytes = line[(firstSpace + 1)..lastSpace];
        var version = line[(lastSpace + 1)..];
        if (!RtspSyntax.IsToken(methodBytes) || !RtspSyntax.IsRequestUri(uriBytes))
        {
            failure = RtspInput.ForError(RtspStatus.BadRequest, "Malformed request line.");
            return false;
        }

        if (!version.SequenceEqual("RTSP/1.0"u8))
        {
            failure = LooksLikeProtocolVersion(version)
                ? RtspInput.ForError(RtspStatus.RtspVersionNotSupported, "Only RTSP/1.0 is supported.")
                : RtspInput.ForError(RtspStatus.BadRequest, "Malformed protocol version.");
            return false;
        }

        method = Encoding.ASCII.GetString(methodBytes);
        uri = Encoding.UTF8.GetString(uriBytes);
        failure = default;
        return true;
    }

    /// <summary>NAME/major.minor, e.g. RTSP/2.0 or HTTP/1.1: a version we understand but do not speak.</summary>
    private static bool LooksLikeProtocolVersion(ReadOnlySpan<byte> version)
    {
        var slash = version.IndexOf((byte)'/');
        if (slash <= 0 || !RtspSyntax.IsToken(version[..slash]))
        {
            return false;
        }

        var number = version[(slash + 1)..];
        var dot = number.IndexOf((byte)'.');
        return dot > 0 && dot < number.Length - 1
            && !number[..dot].ContainsAnyExceptInRange((byte)'0', (byte)'9')
            && !number[(dot + 1)..].ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }
}
