namespace MediaActors.Protocol.Rtsp;

/// <summary>An RTSP request: method, URI, header fields and body.</summary>
public sealed class RtspRequest
{
    private const string CSeqHeader = "CSeq";

    /// <summary>Creates a request, e.g. in a test client or from the parser.</summary>
    /// <exception cref="ArgumentException">The method is not a token, the URI is empty or holds spaces or controls, or the version is not a token-like word.</exception>
    public RtspRequest(string method, string uri, RtspHeaders? headers = null, byte[]? body = null, string version = RtspSyntax.Version)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(version);
        if (!RtspSyntax.IsToken(method))
        {
            throw new ArgumentException($"Method '{method}' is not a token.", nameof(method));
        }

        if (!RtspSyntax.IsRequestUri(uri))
        {
            throw new ArgumentException("The request URI must be non-empty, without spaces or control characters.", nameof(uri));
        }

        if (!RtspSyntax.IsRequestUri(version))
        {
            throw new ArgumentException("The version must be non-empty, without spaces or control characters.", nameof(version));
        }

        Method = method;
        Uri = uri;
        Version = version;
        Headers = headers ?? new RtspHeaders();
        Body = body ?? [];
    }

    /// <summary>The method, e.g. <see cref="RtspMethods.DESCRIBE"/>; case-sensitive.</summary>
    public string Method { get; }

    /// <summary>The request URI as sent: absolute (rtsp://...), a path, or "*".</summary>
    public string Uri { get; }

    /// <summary>The protocol version, "RTSP/1.0".</summary>
    public string Version { get; }

    /// <summary>The header fields.</summary>
    public RtspHeaders Headers { get; }

    /// <summary>The body; empty when there is none.</summary>
    public byte[] Body { get; }

    /// <summary>The CSeq header as a number; null when missing or not a non-negative integer.</summary>
    public int? CSeq => Headers.TryGetNonNegativeInt32(CSeqHeader, out var value) ? value : null;

    /// <summary>The request in wire format, Content-Length derived from the body.</summary>
    public byte[] Serialize() => RtspMessageWriter.Write($"{Method} {Uri} {Version}", Headers, Body);
}
