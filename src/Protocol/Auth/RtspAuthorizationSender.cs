using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Auth;

/// <summary>
/// The client side of RTSP authentication: answers a 401's challenges with an Authorization
/// value for each following request. Digest (MD5) is preferred, Basic is the fallback.
/// Thread-safe.
/// </summary>
/// <remarks>
/// Digest answers with qop=auth when the challenge offers it (a fresh cnonce per sender and a
/// counting nc), otherwise in the RFC 2069-compatible form; opaque is echoed and algorithm
/// only sent back when the challenge named it, as FFmpeg does. Challenges with another
/// algorithm (SHA-256, MD5-sess) or only qop=auth-int are skipped.
/// </remarks>
public sealed class RtspAuthorizationSender
{
    private const string BasicScheme = "Basic";
    private const string DigestScheme = "Digest";
    private const int ClientNonceBytes = 16;

    private readonly RtspCredentials _credentials;
    private readonly string? _realm;
    private readonly string? _nonce;
    private readonly string? _algorithm;
    private readonly string? _opaque;
    private readonly bool _useQop;
    private readonly string _clientNonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(ClientNonceBytes));
    private int _nonceCount;

    private RtspAuthorizationSender(RtspCredentials credentials, AuthenticationMethods method)
    {
        _credentials = credentials;
        Method = method;
    }

    private RtspAuthorizationSender(RtspCredentials credentials, AuthScheme digest, bool useQop)
        : this(credentials, AuthenticationMethods.Digest)
    {
        _realm = digest.Parameters["realm"];
        _nonce = digest.Parameters["nonce"];
        _algorithm = digest.Parameters.GetValueOrDefault("algorithm");
        _opaque = digest.Parameters.GetValueOrDefault("opaque");
        _useQop = useQop;
    }

    /// <summary>The scheme chosen: <see cref="AuthenticationMethods.Digest"/> or <see cref="AuthenticationMethods.Basic"/>.</summary>
    public AuthenticationMethods Method { get; }

    /// <summary>
    /// Picks the scheme to answer <paramref name="wwwAuthenticateValues"/> (all WWW-Authenticate
    /// values of a 401, each possibly holding several challenges) with: the first usable Digest
    /// challenge, else the first Basic one. False (never throws) when none is usable; values that
    /// do not parse are skipped rather than spoiling the others.
    /// </summary>
    /// <remarks>Basic is unusable for a user name containing ':', which it cannot carry.</remarks>
    public static bool TryCreate(RtspCredentials credentials, IEnumerable<string> wwwAuthenticateValues, out RtspAuthorizationSender? sender)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(wwwAuthenticateValues);
        sender = null;
        AuthScheme? basic = null;
        foreach (var value in wwwAuthenticateValues)
        {
            if (!AuthParameterParser.TryParse(value, out var challenges))
            {
                continue;
            }

            foreach (var challenge in challenges)
            {
                if (challenge.Name.Equals(DigestScheme, StringComparison.OrdinalIgnoreCase) && IsUsableDigest(challenge, out var useQop))
                {
                    sender = new RtspAuthorizationSender(credentials, challenge, useQop);
                    return true;
                }

                if (challenge.Name.Equals(BasicScheme, StringComparison.OrdinalIgnoreCase))
                {
                    basic ??= challenge;
                }
            }
        }

        if (basic is not null && !credentials.User.Contains(':', StringComparison.Ordinal))
        {
            sender = new RtspAuthorizationSender(credentials, AuthenticationMethods.Basic);
        }

        return sender is not null;
    }

    /// <summary>The Authorization value for a request; <paramref name="uri"/> should be the request URI exactly as it is sent.</summary>
    /// <exception cref="ArgumentException">The method is not a token.</exception>
    public string Authorize(string method, string uri)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        if (!RtspSyntax.IsToken(method))
        {
            throw new ArgumentException($"Method '{method}' is not a token.", nameof(method));
        }

        if (Method == AuthenticationMethods.Basic)
        {
            return $"{BasicScheme} {Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credentials.User}:{_credentials.Password}"))}";
        }

        var ha1 = DigestMd5.Ha1(_credentials.User, _realm!, _credentials.Password);
        var value = new StringBuilder(DigestScheme);
        value.Append(" username=").Append(Quote(_credentials.User))
            .Append(", realm=").Append(Quote(_realm!))
            .Append(", nonce=").Append(Quote(_nonce!))
            .Append(", uri=").Append(Quote(uri));
        if (_useQop)
        {
            var nonceCount = Interlocked.Increment(ref _nonceCount).ToString("x8", CultureInfo.InvariantCulture);
            var response = DigestMd5.Response(ha1, method, uri, _nonce!, DigestMd5.QopAuth, nonceCount, _clientNonce);
            value.Append(", response=").Append(Quote(response))
                .Append(", qop=").Append(DigestMd5.QopAuth)
                .Append(", nc=").Append(nonceCount)
                .Append(", cnonce=").Append(Quote(_clientNonce));
        }
        else
        {
            value.Append(", response=").Append(Quote(DigestMd5.Response(ha1, method, uri, _nonce!, null, null, null)));
        }

        if (_algorithm is not null)
        {
            value.Append(", algorithm=").Append(_algorithm);
        }

        if (_opaque is not null)
        {
            value.Append(", opaque=").Append(Quote(_opaque));
        }

        return value.ToString();
    }

    /// <summary>A Digest challenge needs realm and nonce, MD5, and either no qop or one offering "auth".</summary>
    private static bool IsUsableDigest(AuthScheme challenge, out bool useQop)
    {
        var parameters = challenge.Parameters;
        useQop = false;
        if (!parameters.ContainsKey("realm") || !parameters.ContainsKey("nonce") || !DigestMd5.IsMd5(parameters.GetValueOrDefault("algorithm")))
        {
            return false;
        }

        if (parameters.GetValueOrDefault("qop") is not { } qop)
        {
            return true;
        }

        // qop="auth,auth-int": a list; RFC 7616 forbids falling back to no qop once one is offered.
        useQop = qop.Split(',', StringSplitOptions.TrimEntries).Contains(DigestMd5.QopAuth, StringComparer.OrdinalIgnoreCase);
        return useQop;
    }

    /// <summary>A quoted-string with '"' and '\' escaped.</summary>
    private static string Quote(string text) =>
        $"\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
