using System.Globalization;
using System.Text;

namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// Parses RTSP responses, for test clients and relays that talk to other servers. Stateless like
/// <see cref="RtspRequestParser"/>: call again with more bytes while it returns false and
/// <c>consumed</c> is 0.
/// </summary>
public static class RtspResponseParser
{
    private const int StatusCodeLength = 3;

    /// <summary>
    /// Parses one response from the start of <paramref name="buffer"/>. Returns false when the
    /// response is incomplete or malformed (<paramref name="malformed"/> tells which); never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, RtspParserLimits limits, out RtspResponse? response, out int consumed, out bool malformed)
    {
        ArgumentNullException.ThrowIfNull(limits);
        response = null;
        consumed = 0;
        var start = RtspMessageHead.SkipEmptyLines(buffer);
        var headers = new RtspHeaders();
        var failure = RtspInput.NeedMoreData;
        if (start == buffer.Length
            || !RtspMessageHead.TryScan(buffer, start, limits, out var layout, out failure)
            || !TryParseStatusLine(buffer[layout.StartLine], out var statusCode, out var reasonPhrase, out failure)
            || !RtspMessageHead.TryParseFields(buffer[layout.HeaderFields], limits, headers, out failure)
            || !RtspMessageHead.TryGetContentLength(headers, limits, out var bodyLength, out failure)
            || buffer.Length - layout.End < bodyLength)
        {
            malformed = failure.Kind == RtspInputKind.Error;
            return false;
        }

        response = new RtspResponse(statusCode) { ReasonPhrase = reasonPhrase, Body = buffer.Slice(layout.End, bodyLength).ToArray() };
        foreach (var (name, value) in headers)
        {
            response.Headers.Add(name, value);
        }

        consumed = layout.End + bodyLength;
        malformed = false;
        return true;
    }

    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, RtspParserLimits, out RtspResponse?, out int, out bool)"/>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out RtspResponse? response, out int consumed) =>
        TryParse(buffer, RtspParserLimits.Default, out response, out consumed, out _);

    /// <summary>"RTSP/1.0 200 OK"; the reason phrase may be empty or hold spaces.</summary>
    private static bool TryParseStatusLine(ReadOnlySpan<byte> line, out int statusCode, out string reasonPhrase, out RtspInput failure)
    {
        statusCode = 0;
        reasonPhrase = string.Empty;
        failure = RtspInput.ForError(RtspStatus.BadRequest, "Malformed status line.");
        var prefix = "RTSP/1.0 "u8;
        if (!line.StartsWith(prefix))
        {
            return false;
        }

        var rest = line[prefix.Length..];
        if (rest.Length < StatusCodeLength
            || (rest.Length > StatusCodeLength && rest[StatusCodeLength] != (byte)' ')
            || !int.TryParse(rest[..StatusCodeLength], NumberStyles.None, CultureInfo.InvariantCulture, out statusCode)
            || statusCode < 100)
        {
            return false;
        }

        var reason = rest.Length > StatusCodeLength ? rest[(StatusCodeLength + 1)..] : [];
        if (!RtspSyntax.IsFieldValue(reason))
        {
            return false;
        }

        reasonPhrase = Encoding.UTF8.GetString(reason);
        failure = default;
        return true;
    }
}
