using System.Globalization;

namespace MediaActors.LoadClient.Rtsp;

/// <summary>An RTSP response: status, headers (names case-insensitive; the first of a repeated one wins) and body.</summary>
public sealed class RtspResponse(int status, string reason, IReadOnlyDictionary<string, string> headers, string body)
{
    public int Status { get; } = status;

    public string Reason { get; } = reason;

    public string Body { get; } = body;

    public string? Header(string name) => headers.GetValueOrDefault(name);

    public int? CSeq => int.TryParse(Header("CSeq"), NumberStyles.None, CultureInfo.InvariantCulture, out var cseq) ? cseq : null;

    /// <summary>The session id of a Session header, without its `;timeout=` parameter.</summary>
    public string? SessionId => Header("Session")?.Split(';')[0].Trim();
}

/// <summary>The start line and headers of an RTSP message, before its body has arrived.</summary>
public sealed record RtspHead(string StartLine, IReadOnlyDictionary<string, string> Headers)
{
    public static RtspHead Parse(string text)
    {
        var lines = text.Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }
        return new RtspHead(lines[0], headers);
    }

    public bool IsResponse => StartLine.StartsWith("RTSP/", StringComparison.Ordinal);

    public int ContentLength =>
        Headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;

    /// <summary>The response with <paramref name="body"/>; throws when the status line is not `RTSP/1.0 code reason`.</summary>
    public RtspResponse ToResponse(string body)
    {
        var parts = StartLine.Split(' ', 3);
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidDataException($"bad RTSP status line '{StartLine}'");
        }

        return new RtspResponse(status, parts.Length > 2 ? parts[2] : "", Headers, body);
    }
}
