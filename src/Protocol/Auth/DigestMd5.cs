using System.Security.Cryptography;
using System.Text;

namespace MediaActors.Protocol.Auth;

/// <summary>
/// The Digest computations with MD5 (RFC 2617 section 3.2.2.1-3, RFC 7616 section 3.4.1), shared
/// by the server's check and the client's answer. MD5 is broken for collisions, but Digest needs
/// only preimage resistance, and it is the one algorithm every RTSP client supports.
/// </summary>
internal static class DigestMd5
{
    /// <summary>The algorithm name as it appears in challenges.</summary>
    public const string Algorithm = "MD5";

    /// <summary>The only qop implemented: authentication without integrity of the body.</summary>
    public const string QopAuth = "auth";

    /// <summary>HA1 = MD5(user:realm:password), the password's stand-in.</summary>
    public static string Ha1(string user, string realm, string password) => Hex($"{user}:{realm}:{password}");

    /// <summary>
    /// The request digest: MD5(HA1:nonce:HA2) without qop, MD5(HA1:nonce:nc:cnonce:qop:HA2) with
    /// it, where HA2 = MD5(method:uri). The uri is the one the client hashed, not the request line's.
    /// </summary>
    public static string Response(string ha1, string method, string uri, string nonce, string? qop, string? nonceCount, string? clientNonce)
    {
        var ha2 = Hex($"{method}:{uri}");
        return qop is null
            ? Hex($"{ha1}:{nonce}:{ha2}")
            : Hex($"{ha1}:{nonce}:{nonceCount}:{clientNonce}:{qop}:{ha2}");
    }

    /// <summary>True for "MD5" in any case, and for no algorithm at all, which RFC 2617 defines as MD5.</summary>
    public static bool IsMd5(string? algorithm) =>
        algorithm is null || algorithm.Equals(Algorithm, StringComparison.OrdinalIgnoreCase);

    /// <summary>Lower-case hex MD5 of the UTF-8 bytes, the form Digest puts on the wire.</summary>
    public static string Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
