namespace MediaActors.Protocol.Auth;

/// <summary>The HTTP authentication schemes RTSP borrows (RFC 2326 section 16.7 and 16.8).</summary>
[Flags]
public enum AuthenticationMethods
{
    /// <summary>No scheme.</summary>
    None = 0,

    /// <summary>Basic (RFC 7617): the password travels base64-encoded, readable by anyone on the path.</summary>
    Basic = 1,

    /// <summary>Digest with MD5 (RFC 2617, RFC 7616): only a hash of the password travels. MD5, because FFmpeg cannot do SHA-256.</summary>
    Digest = 2,
}
