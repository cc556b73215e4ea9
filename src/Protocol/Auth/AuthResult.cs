namespace MediaActors.Protocol.Auth;

/// <summary>The outcome of checking a request's Authorization header.</summary>
public enum AuthResult
{
    /// <summary>The credentials are right: serve the request.</summary>
    Accepted,

    /// <summary>No Authorization header: answer 401 with the challenges (the normal first round trip).</summary>
    Missing,

    /// <summary>Malformed, an unoffered scheme, or wrong credentials, realm, nonce or URI: answer 401 with fresh challenges.</summary>
    Invalid,

    /// <summary>
    /// A correct Digest response for a nonce this server issued but which has expired: answer 401
    /// with challenges marked stale, so the client retries with the new nonce instead of asking
    /// its user for the password again.
    /// </summary>
    Stale,
}
