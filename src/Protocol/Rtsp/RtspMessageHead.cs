using System.Text;

namespace MediaActors.Protocol.Rtsp;

/// <summary>Where the parts of a message head lie in the receive buffer.</summary>
/// <param name="StartLine">The request or status line, line ending excluded.</param>
/// <param name="HeaderFields">The header lines, terminating empty line excluded.</param>
/// <param name="End">Index just after the empty line: where the body starts.</param>
internal readonly record struct RtspHeadLayout(Range StartLine, Range HeaderFields, int End);

/// <summary>
/// The framing shared by requests and responses: start line, header fields, Content-Length.
/// Every step is bounded by <see cref="RtspParserLimits"/> and reports failure as an
/// <see cref="RtspInput"/> (NeedMoreData or Error) instead of throwing.
/// </summary>
internal static class RtspMessageHead
{
    private const byte LineFeed = (byte)'\n';
    private const byte CarriageReturn = (byte)'\r';
    private const string ContentLength = "Content-Length";

    /// <summary>Counts the empty lines (CR and LF bytes) before a message, which RFC 2326 lets peers send.</summary>
    public static int SkipEmptyLines(ReadOnlySpan<byte> buffer)
    {
        var index = buffer.IndexOfAnyExcept(CarriageReturn, LineFeed);
        return index < 0 ? buffer.Length : index;
    }

    /// <summary>
    /// Locates the start line and header block of the message at <paramref name="start"/>.
    /// Reports an error as soon as the buffer holds more than the limits allow without a complete
    /// head, so an endless line or header section cannot grow the buffer.
    /// </summary>
    public static bool TryScan(ReadOnlySpan<byte> buffer, int start, RtspParserLimits limits, out RtspHeadLayout layout, out RtspInput failure)
    {
        layout = default;
        var message = buffer[start..];
        var startLineEnd = message[..Math.Min(message.Length, limits.MaxRequestLineLength + 2)].IndexOf(LineFeed);
        if (startLineEnd < 0)
        {
            failure = message.Length > limits.MaxRequestLineLength
                ? RtspInput.ForError(RtspStatus.RequestUriTooLarge, "Request line too long.")
                : RtspInput.NeedMoreData;
            return false;
        }

        var startLineLength = TrimCarriageReturn(message[..startLineEnd]).Length;
        if (startLineLength > limits.MaxRequestLineLength)
        {
            failure = RtspInput.ForError(RtspStatus.RequestUriTooLarge, "Request line too long.");
            return false;
        }

        var fieldsStart = startLineEnd + 1;
        var fieldsWindow = message[fieldsStart..];
        fieldsWindow = fieldsWindow[..Math.Min(fieldsWindow.Length, limits.MaxHeaderBytes)];
        if (!TryFindEmptyLine(fieldsWindow, out var fieldsLength, out var headLength))
        {
            failure = message.Length - fieldsStart >= limits.MaxHeaderBytes
                ? RtspInput.ForError(RtspStatus.RequestEntityTooLarge, "Header section too large.")
                : RtspInput.NeedMoreData;
            return false;
        }

        layout = new RtspHeadLayout(
            new Range(start, start + startLineLength),
            new Range(start + fieldsStart, start + fieldsStart + fieldsLength),
            start + fieldsStart + headLength);
        failure = default;
        return true;
    }

    /// <summary>Parses header lines into <paramref name="headers"/>; folded lines and controls are rejected with 400.</summary>
    public static bool TryParseFields(ReadOnlySpan<byte> fields, RtspParserLimits limits, RtspHeaders headers, out RtspInput failure)
    {
        while (!fields.IsEmpty)
        {
            var lineEnd = fields.IndexOf(LineFeed);
            var line = TrimCarriageReturn(lineEnd < 0 ? fields : fields[..lineEnd]);
            fields = lineEnd < 0 ? [] : fields[(lineEnd + 1)..];
            if (headers.Count >= limits.MaxHeaderCount)
            {
                failure = RtspInput.ForError(RtspStatus.RequestEntityTooLarge, "Too many header fields.");
                return false;
            }

            var colon = line.IndexOf((byte)':');
            var name = colon < 0 ? [] : line[..colon];
            var value = colon < 0 ? [] : line[(colon + 1)..].Trim(" \t"u8);
            if (!RtspSyntax.IsToken(name) || !RtspSyntax.IsFieldValue(value))
            {
                failure = RtspInput.ForError(RtspStatus.BadRequest, "Malformed header field.");
                return false;
            }

            headers.Add(Encoding.ASCII.GetString(name), Encoding.UTF8.GetString(value));
        }

        failure = default;
        return true;
    }

    /// <summary>Reads Content-Length (0 when absent); 400 when invalid or repeated inconsistently, 413 when over the limit.</summary>
    public static bool TryGetContentLength(RtspHeaders headers, RtspParserLimits limits, out int length, out RtspInput failure)
    {
        length = 0;
        failure = default;
        if (!headers.Contains(ContentLength))
        {
            return true;
        }

        if (!headers.TryGetNonNegativeInt32(ContentLength, out length) || !AllValuesEqual(headers, ContentLength))
        {
            failure = RtspInput.ForError(RtspStatus.BadRequest, "Invalid Content-Length.");
            return false;
        }

        if (length > limits.MaxBodyBytes)
        {
            failure = RtspInput.ForError(RtspStatus.RequestEntityTooLarge, "Body too large.");
            return false;
        }

        return true;
    }

    private static bool AllValuesEqual(RtspHeaders headers, string name)
    {
        var first = headers[name];
        foreach (var value in headers.GetValues(name))
        {
            if (value != first)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Finds the empty line that ends the header block. <paramref name="fieldsLength"/> is the
    /// length of the header lines before it, <paramref name="headLength"/> includes it.
    /// </summary>
    private static bool TryFindEmptyLine(ReadOnlySpan<byte> fields, out int fieldsLength, out int headLength)
    {
        var lineStart = 0;
        while (true)
        {
            var lineEnd = fields[lineStart..].IndexOf(LineFeed);
            if (lineEnd < 0)
            {
                fieldsLength = headLength = 0;
                return false;
            }

            if (TrimCarriageReturn(fields.Slice(lineStart, lineEnd)).IsEmpty)
            {
                fieldsLength = lineStart;
                headLength = lineStart + lineEnd + 1;
                return true;
            }

            lineStart += lineEnd + 1;
        }
    }

    /// <summary>Bare LF line endings are accepted as well as CRLF.</summary>
    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        !line.IsEmpty && line[^1] == CarriageReturn ? line[..^1] : line;
}
