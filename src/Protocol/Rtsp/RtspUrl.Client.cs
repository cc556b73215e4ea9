using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using MediaActors.Protocol.Auth;

namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// What a client pulling from a camera needs of a URL: the credentials people write into it, the
/// request URI to send without them, and the URLs of the tracks that the SDP names relative to it.
/// </summary>
public sealed partial record RtspUrl
{
    /// <summary>Characters a path segment keeps as they are (RFC 3986 pchar without pct-encoded); everything else is escaped.</summary>
    private const string PathSegmentChars = "-._~!$&'()*+,;=:@";

    /// <summary>
    /// Parses <paramref name="uri"/> as <see cref="TryParse(string, out RtspUrl?)"/> does, and
    /// returns the percent-decoded user and password of its userinfo (rtsp://user:pass@host/...),
    /// null when there is none. False also when the userinfo holds a bad escape or control character.
    /// </summary>
    public static bool TryParseWithCredentials(string uri, [NotNullWhen(true)] out RtspUrl? url, out RtspCredentials? credentials)
    {
        credentials = null;
        if (!TryParse(uri, out url, out var userInfo))
        {
            return false;
        }

        if (string.IsNullOrEmpty(userInfo))
        {
            return true;
        }

        var colon = userInfo.IndexOf(':');
        var rawUser = colon < 0 ? userInfo : userInfo[..colon];
        var rawPassword = colon < 0 ? string.Empty : userInfo[(colon + 1)..];
        if (!TryPercentDecode(rawUser, out var user) || !TryPercentDecode(rawPassword, out var password))
        {
            url = null;
            return false;
        }

        credentials = new RtspCredentials(user, password);
        return true;
    }

    /// <summary>
    /// The request URI for this URL: "rtsp://host:port/path?query", without credentials (they go
    /// in Authorization), the port always written out, an IPv6 host in brackets, and the path
    /// escaped where it must be (sub-delimiters such as '=' and ';', which camera paths use, are kept).
    /// </summary>
    /// <exception cref="InvalidOperationException">The URL is a bare path, with no host to name.</exception>
    public string ToAbsoluteUri()
    {
        if (Host.Length == 0)
        {
            throw new InvalidOperationException($"The path '/{Path}' has no host, so it makes no absolute URI.");
        }

        var uri = new StringBuilder(Scheme.Length + Host.Length + Path.Length + Query.Length + 16);
        uri.Append(Scheme).Append(SchemeSeparator);
        uri.Append(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host);
        uri.Append(':').Append(Port.ToString(CultureInfo.InvariantCulture)).Append('/');
        AppendEscapedPath(uri, Path);
        if (Query.Length > 0)
        {
            uri.Append('?').Append(Query);
        }

        return uri.ToString();
    }

    /// <summary>
    /// The URL of a track whose a=control is <paramref name="control"/> (RFC 2326 C.1.1, as FFmpeg
    /// and gortsplib resolve it): an absolute control (rtsp:// or rtsps://) as it is; "*" or empty
    /// the base itself; anything else appended to the base with one '/' between.
    /// </summary>
    /// <param name="baseUri">Content-Base of the DESCRIBE answer, else its Content-Location, else the request URL: the caller decides.</param>
    /// <param name="control">The a=control value of the media section (or of the session, for the aggregate control).</param>
    public static string ResolveControl(string baseUri, string control)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(control);
        if (control.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || control.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase))
        {
            return control;
        }

        if (control.Length == 0 || control == "*")
        {
            return baseUri;
        }

        return baseUri.EndsWith('/') ? baseUri + control : $"{baseUri}/{control}";
    }

    private static void AppendEscapedPath(StringBuilder uri, string path)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in path.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value == '/' || PathSegmentChars.Contains((char)rune.Value, StringComparison.Ordinal)))
            {
                uri.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                uri.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
    }
}
