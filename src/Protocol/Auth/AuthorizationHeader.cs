using System.Text;
using System.Text.Unicode;

namespace MediaActors.Protocol.Auth;

/// <summary>
/// The Authorization header of a request (RFC 2326 section 12.5, RFC 7235): either
/// <see cref="BasicAuthorization"/> or <see cref="DigestAuthorization"/>.
/// </summary>
public abstract class AuthorizationHeader
{
    /// <summary>Longest header value accepted; real ones are a few hundred characters.</summary>
    public const int MaxLength = AuthParameterParser.MaxValueLength;

    private const string BasicScheme = "Basic";
    private const string DigestScheme = "Digest";

    private protected AuthorizationHeader()
    {
    }

    /// <summary>The scheme: <see cref="AuthenticationMethods.Basic"/> or <see cref="AuthenticationMethods.Digest"/>.</summary>
    public abstract AuthenticationMethods Method { get; }

    /// <summary>
    /// Parses <c>Basic &lt;base64 of user:password&gt;</c> or <c>Digest username="..", realm="..",
    /// nonce="..", uri="..", response=".."</c> with optional algorithm, qop with nc and cnonce,
    /// and opaque. Returns false (never throws) for other schemes, values over
    /// <see cref="MaxLength"/> characters, syntax errors, a Digest without one of the five
    /// required fields (or qop without nc and cnonce), and Basic that is not base64 of UTF-8 with a ':'.
    /// </summary>
    /// <remarks>Scheme and parameter names are case-insensitive; values may be quoted, with commas and \-escapes inside.</remarks>
    public static bool TryParse(string value, out AuthorizationHeader? header)
    {
        header = null;
        if (!AuthParameterParser.TryParse(value, out var schemes) || schemes.Count != 1)
        {
            return false;
        }

        var scheme = schemes[0];
        if (scheme.Name.Equals(BasicScheme, StringComparison.OrdinalIgnoreCase))
        {
            header = ParseBasic(scheme);
        }
        else if (scheme.Name.Equals(DigestScheme, StringComparison.OrdinalIgnoreCase))
        {
            header = ParseDigest(scheme);
        }

        return header is not null;
    }

    private static BasicAuthorization? ParseBasic(AuthScheme scheme)
    {
        if (scheme.Token68 is not { } encoded)
        {
            return null;
        }

        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length) || !Utf8.IsValid(bytes.AsSpan(0, length)))
        {
            return null;
        }

        var decoded = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = decoded.IndexOf(':');
        return colon < 0 ? null : new BasicAuthorization(decoded[..colon], decoded[(colon + 1)..]);
    }

    private static DigestAuthorization? ParseDigest(AuthScheme scheme)
    {
        var parameters = scheme.Parameters;
        string? Get(string name) => parameters.TryGetValue(name, out var parameter) ? parameter : null;

        if (scheme.Token68 is not null
            || Get("username") is not { } username
            || Get("realm") is not { } realm
            || Get("nonce") is not { } nonce
            || Get("uri") is not { } uri
            || Get("response") is not { } response)
        {
            return null;
        }

        var qop = Get("qop");
        var nonceCount = Get("nc");
        var clientNonce = Get("cnonce");
        if (qop is not null && (nonceCount is null || clientNonce is null))
        {
            return null;
        }

        return new DigestAuthorization(username, realm, nonce, uri, response)
        {
            Algorithm = Get("algorithm"),
            Qop = qop,
            NonceCount = nonceCount,
            ClientNonce = clientNonce,
            Opaque = Get("opaque"),
        };
    }
}
