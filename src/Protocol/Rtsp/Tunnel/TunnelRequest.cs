using System.Text;

namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// The HTTP request that opens one half of an RTSP-over-HTTP tunnel (the QuickTime scheme, also
/// spoken by ffmpeg, VLC, GStreamer and Axis cameras): a GET whose response body carries
/// everything the server sends, or a POST whose body carries the client's requests in base64.
/// The two halves are paired by the client's <c>x-sessioncookie</c>.
/// </summary>
public sealed record TunnelRequest(string Method, string Path, string? SessionCookie)
{
    public const string ContentType = "application/x-rtsp-tunnelled";

    /// <summary>The GET half: the server-to-client stream.</summary>
    public bool IsGet => Method == "GET";

    /// <summary>
    /// Whether a connection's first bytes are an HTTP GET or POST rather than RTSP. Decided on
    /// the method alone, because no RTSP method is called GET or POST.
    /// </summary>
    public static bool StartsTunnel(ReadOnlySpan<byte> firstBytes) =>
        firstBytes.StartsWith("GET "u8) || firstBytes.StartsWith("POST "u8);

    /// <summary>
    /// Parses the request head at the start of <paramref name="buffer"/> within the RTSP parser's
    /// limits. The POST's Content-Length is ignored: clients announce an arbitrary large one and
    /// keep the body open for as long as the tunnel lives.
    /// </summary>
    /// <param name="consumed">The length of the head, once whole.</param>
    /// <param name="error">Why the head is unusable (the HTTP status to answer and the reason), or null.</param>
    /// <returns>The request; null while the head is not whole yet, or when it is unusable.</returns>
    public static TunnelRequest? Parse(ReadOnlySpan<byte> buffer, RtspParserLimits limits, out int consumed, out (int Status, string Reason)? error)
    {
        ArgumentNullException.ThrowIfNull(limits);
        consumed = 0;
        error = null;
        if (!RtspMessageHead.TryScan(buffer, 0, limits, out var layout, out var failure))
        {
            error = ErrorOf(failure);
            return null;
        }

        var line = buffer[layout.StartLine];
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1 || !line[(lastSpace + 1)..].StartsWith("HTTP/1."u8))
        {
            error = (RtspStatus.BadRequest, "malformed HTTP request line");
            return null;
        }

        var headers = new RtspHeaders();
        if (!RtspMessageHead.TryParseFields(buffer[layout.HeaderFields], limits, headers, out failure))
        {
            error = ErrorOf(failure);
            return null;
        }

        var cookie = headers["x-sessioncookie"]?.Trim();
        consumed = layout.End;
        return new TunnelRequest(
            Encoding.ASCII.GetString(line[..firstSpace]),
            Encoding.UTF8.GetString(line[(firstSpace + 1)..lastSpace]),
            string.IsNullOrEmpty(cookie) ? null : cookie);
    }

    private static (int Status, string Reason)? ErrorOf(RtspInput failure) =>
        failure.Kind == RtspInputKind.Error ? (failure.ErrorStatus, failure.ErrorMessage ?? "malformed HTTP request") : null;
}
