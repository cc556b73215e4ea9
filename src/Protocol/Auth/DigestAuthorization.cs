namespace MediaActors.Protocol.Auth;

/// <summary>Digest credentials (RFC 2617 section 3.2.2, RFC 7616 section 3.4), values unquoted and unescaped.</summary>
/// <param name="username">The user name.</param>
/// <param name="realm">The realm the client answers, copied from the challenge.</param>
/// <param name="nonce">The server nonce the client answers, copied from the challenge.</param>
/// <param name="uri">The URI the client hashed; RTSP clients send the request URI, absolute or not.</param>
/// <param name="response">The client's hash, 32 hex digits for MD5.</param>
public sealed class DigestAuthorization(string username, string realm, string nonce, string uri, string response) : AuthorizationHeader
{
    /// <inheritdoc/>
    public override AuthenticationMethods Method => AuthenticationMethods.Digest;

    /// <summary>The user name.</summary>
    public string Username { get; } = username ?? throw new ArgumentNullException(nameof(username));

    /// <summary>The realm, which must be the server's.</summary>
    public string Realm { get; } = realm ?? throw new ArgumentNullException(nameof(realm));

    /// <summary>The server nonce.</summary>
    public string Nonce { get; } = nonce ?? throw new ArgumentNullException(nameof(nonce));

    /// <summary>The digest-uri, hashed into the response.</summary>
    public string Uri { get; } = uri ?? throw new ArgumentNullException(nameof(uri));

    /// <summary>The request digest.</summary>
    public string Response { get; } = response ?? throw new ArgumentNullException(nameof(response));

    /// <summary>"MD5", "SHA-256", "MD5-sess"...; null when absent, which means MD5.</summary>
    public string? Algorithm { get; init; }

    /// <summary>"auth" or "auth-int"; null for RFC 2069-style digest without qop.</summary>
    public string? Qop { get; init; }

    /// <summary>nc, the client's count of requests with this nonce, as sent (8 hex digits); present when <see cref="Qop"/> is.</summary>
    public string? NonceCount { get; init; }

    /// <summary>cnonce, the client nonce; present when <see cref="Qop"/> is.</summary>
    public string? ClientNonce { get; init; }

    /// <summary>The opaque value echoed from the challenge; null when absent.</summary>
    public string? Opaque { get; init; }
}
