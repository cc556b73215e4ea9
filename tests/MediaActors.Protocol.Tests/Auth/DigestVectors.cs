using System.Security.Cryptography;
using System.Text;

namespace MediaActors.Protocol.Tests.Auth;

/// <summary>Digest math done here, independently of the library, to compute expected responses.</summary>
internal static class DigestVectors
{
    public static string Md5Hex(string text)
    {
        using var md5 = MD5.Create();
        return string.Concat(md5.ComputeHash(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>RFC 2069 form: MD5(MD5(user:realm:password):nonce:MD5(method:uri)).</summary>
    public static string Response(string user, string realm, string password, string method, string uri, string nonce) =>
        Md5Hex($"{Md5Hex($"{user}:{realm}:{password}")}:{nonce}:{Md5Hex($"{method}:{uri}")}");

    /// <summary>RFC 2617 qop=auth form: MD5(HA1:nonce:nc:cnonce:auth:HA2).</summary>
    public static string ResponseWithQop(string user, string realm, string password, string method, string uri, string nonce, string nc, string cnonce) =>
        Md5Hex($"{Md5Hex($"{user}:{realm}:{password}")}:{nonce}:{nc}:{cnonce}:auth:{Md5Hex($"{method}:{uri}")}");

    /// <summary>The header FFmpeg would send for these values (RFC 2069 form).</summary>
    public static string Header(string user, string realm, string nonce, string uri, string response) =>
        $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\"";

    /// <summary>The nonce of a Digest challenge such as <c>Digest realm="r", nonce="abc", algorithm=MD5</c>.</summary>
    public static string NonceOf(string challenge)
    {
        const string marker = "nonce=\"";
        var start = challenge.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return challenge[start..challenge.IndexOf('"', start)];
    }
}
