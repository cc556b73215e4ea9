using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// A request URI taken apart: rtsp://[user:pass@]host[:port]/path[?query], rtsps://, IPv6
/// literals, or a bare absolute path. Credentials are dropped (they belong in Authorization);
/// a client that was given them in its URL reads them with <see cref="TryParseWithCredentials"/>.
/// </summary>
/// <param name="Scheme">"rtsp" or "rtsps", lower case.</param>
/// <param name="Host">Host name or address; IPv6 without brackets; empty for a bare path.</param>
/// <param name="Port">The port, 554 (rtsp) or 322 (rtsps) unless stated.</param>
/// <param name="Path">Percent-decoded path without leading or trailing '/'.</param>
/// <param name="Query">The query without '?', not decoded; empty when absent.</param>
public sealed partial record RtspUrl(string Scheme, string Host, int Port, string Path, string Query)
{
    /// <summary>IANA port of rtsp.</summary>
    public const int DefaultPort = 554;

    /// <summary>IANA port of rtsps.</summary>
    public const int DefaultSecurePort = 322;

    private const string SchemeSeparator = "://";
    private const int MaxPort = 65535;

    private static readonly SearchValues<char> HostNameChars =
        SearchValues.Create("-._~%0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly SearchValues<char> Ipv6Chars = SearchValues.Create(".:0123456789ABCDEFabcdef");

    /// <summary>Parses <paramref name="uri"/>; false (never throws) for other schemes, bad hosts or ports, bad escapes and control characters.</summary>
    public static bool TryParse(string uri, out RtspUrl? url) => TryParse(uri, out url, out _);

    /// <summary>Parses <paramref name="uri"/> as <see cref="TryParse(string, out RtspUrl?)"/> does, and hands out the raw userinfo (before '@'), null when absent.</summary>
    private static bool TryParse(string uri, [NotNullWhen(true)] out RtspUrl? url, out string? userInfo)
    {
        url = null;
        userInfo = null;
        if (string.IsNullOrEmpty(uri) || !RtspSyntax.IsRequestUri(uri))
        {
            return false;
        }

        var fragment = uri.IndexOf('#');
        var withoutFragment = fragment < 0 ? uri : uri[..fragment];
        if (withoutFragment.StartsWith('/'))
        {
            return TryBuild("rtsp", string.Empty, DefaultPort, withoutFragment, out url);
        }

        var schemeEnd = withoutFragment.IndexOf(SchemeSeparator, StringComparison.Ordinal);
        var scheme = schemeEnd < 0 ? string.Empty : withoutFragment[..schemeEnd].ToLowerInvariant();
        var defaultPort = scheme switch
        {
            "rtsp" => DefaultPort,
            "rtsps" => DefaultSecurePort,
            _ => -1,
        };
        if (defaultPort < 0)
        {
            return false;
        }

        var rest = withoutFragment[(schemeEnd + SchemeSeparator.Length)..];
        var authorityEnd = rest.AsSpan().IndexOfAny('/', '?');
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var pathAndQuery = authorityEnd < 0 ? string.Empty : rest[authorityEnd..];
        var at = authority.LastIndexOf('@');
        userInfo = at < 0 ? null : authority[..at];
        authority = authority[(at + 1)..];
        return TryParseAuthority(authority, defaultPort, out var host, out var port)
            && TryBuild(scheme, host, port, pathAndQuery, out url);
    }

    /// <summary>host, host:port, [v6], [v6]:port.</summary>
    private static bool TryParseAuthority(string authority, int defaultPort, out string host, out int port)
    {
        port = defaultPort;
        string portText;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            host = close < 0 ? string.Empty : authority[1..close];
            portText = close < 0 ? string.Empty : authority[(close + 1)..];
            if (!IsIpv6Literal(host) || (portText.Length > 0 && portText[0] != ':'))
            {
                return false;
            }
        }
        else
        {
            var colon = authority.IndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? string.Empty : authority[colon..];
            if (host.Length == 0 || host.AsSpan().ContainsAnyExcept(HostNameChars))
            {
                return false;
            }
        }

        return portText.Length == 0
            || (int.TryParse(portText.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= MaxPort);
    }

    /// <summary>Hex digits, colons and dots (embedded IPv4), then an optional %25-escaped zone id (RFC 6874) such as eth0.</summary>
    private static bool IsIpv6Literal(string host)
    {
        var zone = host.IndexOf('%');
        var address = zone < 0 ? host.AsSpan() : host.AsSpan(0, zone);
        var zoneId = zone < 0 ? [] : host.AsSpan(zone + 1);
        return address.Contains(':') && !address.ContainsAnyExcept(Ipv6Chars) && !zoneId.ContainsAnyExcept(HostNameChars);
    }

    private static bool TryBuild(string scheme, string host, int port, string pathAndQuery, [NotNullWhen(true)] out RtspUrl? url)
    {
        url = null;
        var questionMark = pathAndQuery.IndexOf('?');
        var rawPath = questionMark < 0 ? pathAndQuery : pathAndQuery[..questionMark];
        var query = questionMark < 0 ? string.Empty : pathAndQuery[(questionMark + 1)..];
        if (!TryPercentDecode(rawPath, out var path))
        {
            return false;
        }

        url = new RtspUrl(scheme, host, port, path.Trim('/'), query);
        return true;
    }

    /// <summary>Decodes %XX escapes; rejects malformed escapes and escaped control characters (%00, %0A...).</summary>
    private static bool TryPercentDecode(string raw, out string decoded)
    {
        decoded = string.Empty;
        for (var i = raw.IndexOf('%'); i >= 0; i = raw.IndexOf('%', i + 1))
        {
            if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
            {
                return false;
            }
        }

        decoded = Uri.UnescapeDataString(raw);
        return RtspSyntax.IsFieldValue(decoded) && !decoded.Contains('\t', StringComparison.Ordinal);
    }
}
