using System.Security.Cryptography;
using System.Text;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Auth;

/// <summary>
/// The server side of RTSP authentication: the WWW-Authenticate challenges of a 401 and the check
/// of a request's Authorization header against one user's credentials. Thread-safe; keeps no
/// per-client state.
/// </summary>
/// <remarks>
/// <para>
/// Digest uses MD5 (FFmpeg cannot do SHA-256) and offers no qop, the RFC 2069-compatible form
/// every client speaks; responses with qop=auth are still accepted. Nonces are stateless (see
/// <see cref="Challenges"/>) and expire after the nonce lifetime: a correct response with an
/// expired nonce yields <see cref="AuthResult.Stale"/>, and the 401 for it should carry
/// <c>Challenges(stale: true)</c> so the client retries silently with the new nonce.
/// </para>
/// <para>
/// A client keeps using its nonce for keepalives during playback, so a long session meets a
/// stale 401 once per lifetime. FFmpeg notices stale=true on its keepalive's reply and re-sends
/// the keepalive at once with the new nonce; a client that ignored a keepalive's 401 would let
/// its session time out, which a longer lifetime avoids.
/// </para>
/// <para>
/// Secrets are compared in constant time, and the password is not kept: Digest needs only
/// HA1 = MD5(user:realm:password), Basic only SHA-256 hashes of user and password.
/// </para>
/// </remarks>
public sealed class RtspAuthenticator
{
    /// <summary>How long a nonce stays valid unless stated: long enough for a client's setup round trips.</summary>
    public static readonly TimeSpan DefaultNonceLifetime = TimeSpan.FromSeconds(60);

    private const int KeyBytes = 32;

    private readonly string _realm;
    private readonly AuthenticationMethods _methods;
    private readonly DigestNonces _nonces;
    private readonly string _ha1;
    private readonly byte[] _userHash;
    private readonly byte[] _passwordHash;

    /// <summary>Creates an authenticator for one user in <paramref name="realm"/>, offering <paramref name="methods"/>.</summary>
    /// <param name="credentials">The accepted user and password.</param>
    /// <param name="realm">The realm shown to users and hashed into Digest's HA1.</param>
    /// <param name="methods">Basic, Digest or both; a client may use any offered one.</param>
    /// <param name="time">Clock of nonce issue and expiry; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="nonceLifetime">How long a nonce stays valid; <see cref="DefaultNonceLifetime"/> when null.</param>
    /// <exception cref="ArgumentException">
    /// No method is given; the realm is empty or holds a quote, backslash or control character
    /// (clients unescape quoted strings differently, so it must need no escaping); the user name
    /// holds a control character, or ':' while Basic is offered (Basic could not carry it).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">The nonce lifetime is not positive.</exception>
    public RtspAuthenticator(
        RtspCredentials credentials,
        string realm,
        AuthenticationMethods methods,
        TimeProvider? time = null,
        TimeSpan? nonceLifetime = null)
        : this(credentials, realm, methods, time, nonceLifetime, RandomNumberGenerator.GetBytes(KeyBytes))
    {
    }

    /// <summary>As the public constructor, with a given nonce key so tests can reproduce nonces.</summary>
    internal RtspAuthenticator(
        RtspCredentials credentials,
        string realm,
        AuthenticationMethods methods,
        TimeProvider? time,
        TimeSpan? nonceLifetime,
        byte[] nonceKey)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(credentials.User, nameof(credentials));
        ArgumentNullException.ThrowIfNull(credentials.Password, nameof(credentials));
        ArgumentNullException.ThrowIfNull(realm);
        if ((methods & (AuthenticationMethods.Basic | AuthenticationMethods.Digest)) == 0)
        {
            throw new ArgumentException("At least one of Basic and Digest must be offered.", nameof(methods));
        }

        if (realm.Length == 0 || !RtspSyntax.IsFieldValue(realm) || realm.Contains('"', StringComparison.Ordinal) || realm.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException("The realm must be non-empty, without quotes, backslashes or control characters.", nameof(realm));
        }

        if (!RtspSyntax.IsFieldValue(credentials.User)
            || (methods.HasFlag(AuthenticationMethods.Basic) && credentials.User.Contains(':', StringComparison.Ordinal)))
        {
            throw new ArgumentException("The user name must hold no control characters, nor ':' when Basic is offered.", nameof(credentials));
        }

        var lifetime = nonceLifetime ?? DefaultNonceLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero, nameof(nonceLifetime));

        _realm = realm;
        _methods = methods;
        _nonces = new DigestNonces(nonceKey, time ?? TimeProvider.System, lifetime);
        _ha1 = DigestMd5.Ha1(credentials.User, realm, credentials.Password);
        _userHash = Hash(credentials.User);
        _passwordHash = Hash(credentials.Password);
    }

    /// <summary>The realm of the challenges.</summary>
    public string Realm => _realm;

    /// <summary>The schemes offered.</summary>
    public AuthenticationMethods Methods => _methods;

    /// <summary>
    /// The WWW-Authenticate values for a 401, one header each, strongest first so clients that
    /// take the first they understand pick Digest: <c>Digest realm="r", nonce="n", algorithm=MD5</c>
    /// (with <c>, stale=true</c> when <paramref name="stale"/>) and <c>Basic realm="r"</c>.
    /// </summary>
    /// <param name="stale">True after <see cref="AuthResult.Stale"/>: tells the client its password was right and only the nonce is old.</param>
    /// <remarks>Each call issues a fresh nonce: the current time with an HMAC-SHA256 of it under a random per-instance key.</remarks>
    public IReadOnlyList<string> Challenges(bool stale = false)
    {
        var challenges = new List<string>(2);
        if (_methods.HasFlag(AuthenticationMethods.Digest))
        {
            var staleSuffix = stale ? ", stale=true" : string.Empty;
            challenges.Add($"Digest realm=\"{_realm}\", nonce=\"{_nonces.Issue()}\", algorithm={DigestMd5.Algorithm}{staleSuffix}");
        }

        if (_methods.HasFlag(AuthenticationMethods.Basic))
        {
            challenges.Add($"Basic realm=\"{_realm}\"");
        }

        return challenges;
    }

    /// <summary>
    /// Checks the Authorization header of a request. Never throws on the header's content.
    /// </summary>
    /// <param name="method">The request method, e.g. "DESCRIBE"; hashed into Digest's HA2.</param>
    /// <param name="requestUri">The URI of the request line, which Digest's uri parameter must name (see remarks).</param>
    /// <param name="authorizationHeaderValue">The Authorization header's value; null when absent.</param>
    /// <returns>
    /// <see cref="AuthResult.Missing"/> without a header; <see cref="AuthResult.Invalid"/> when it is
    /// malformed, uses a scheme not offered, Digest with an algorithm other than MD5 or a qop
    /// other than auth, or has the wrong user, password, realm, nonce or uri;
    /// <see cref="AuthResult.Stale"/> for a correct Digest response with an expired nonce;
    /// otherwise <see cref="AuthResult.Accepted"/>.
    /// </returns>
    /// <remarks>
    /// Digest hashes the uri parameter as the client sent it, since clients differ on absolute
    /// or relative URIs and on track URLs. That uri must still name the requested resource:
    /// the same string, the same URL after normalising trailing slashes, escapes and a missing
    /// host, or the stream's aggregate URL for a track URL (VLC hashes it in SETUP). Anything
    /// else is Invalid, so a response captured for one stream does not open another.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="method"/> or <paramref name="requestUri"/> is null.</exception>
    public AuthResult Validate(string method, string requestUri, string? authorizationHeaderValue)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        if (string.IsNullOrWhiteSpace(authorizationHeaderValue))
        {
            return AuthResult.Missing;
        }

        if (!AuthorizationHeader.TryParse(authorizationHeaderValue, out var header))
        {
            return AuthResult.Invalid;
        }

        return header switch
        {
            BasicAuthorization basic when _methods.HasFlag(AuthenticationMethods.Basic) => ValidateBasic(basic),
            DigestAuthorization digest when _methods.HasFlag(AuthenticationMethods.Digest) => ValidateDigest(method, requestUri, digest),
            _ => AuthResult.Invalid,
        };
    }

    private AuthResult ValidateBasic(BasicAuthorization basic)
    {
        // Non-short-circuit '&': the time taken must not tell a right user from a right password.
        var userMatches = CryptographicOperations.FixedTimeEquals(Hash(basic.User), _userHash);
        var passwordMatches = CryptographicOperations.FixedTimeEquals(Hash(basic.Password), _passwordHash);
        return userMatches & passwordMatches ? AuthResult.Accepted : AuthResult.Invalid;
    }

    private AuthResult ValidateDigest(string method, string requestUri, DigestAuthorization digest)
    {
        if (!DigestMd5.IsMd5(digest.Algorithm)
            || (digest.Qop is not null && !digest.Qop.Equals(DigestMd5.QopAuth, StringComparison.OrdinalIgnoreCase))
            || !string.Equals(digest.Realm, _realm, StringComparison.Ordinal)
            || !DigestUriMatch.Matches(requestUri, digest.Uri))
        {
            return AuthResult.Invalid;
        }

        var nonce = _nonces.Check(digest.Nonce);
        if (nonce == DigestNonces.Status.Unknown)
        {
            return AuthResult.Invalid;
        }

        var expected = DigestMd5.Response(_ha1, method, digest.Uri, digest.Nonce, digest.Qop, digest.NonceCount, digest.ClientNonce);
        var userMatches = CryptographicOperations.FixedTimeEquals(Hash(digest.Username), _userHash);
        var responseMatches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected),
            Encoding.UTF8.GetBytes(digest.Response.ToLowerInvariant()));
        if (!(userMatches & responseMatches))
        {
            return AuthResult.Invalid;
        }

        // Stale only with a correct response (RFC 7616 section 3.3): a wrong password must make the client ask its user again.
        return nonce == DigestNonces.Status.Valid ? AuthResult.Accepted : AuthResult.Stale;
    }

    /// <summary>SHA-256 of the UTF-8 bytes: fixed-length values, so the comparison leaks no length either.</summary>
    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
