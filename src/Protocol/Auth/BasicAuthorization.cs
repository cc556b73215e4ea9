namespace MediaActors.Protocol.Auth;

/// <summary>Basic credentials (RFC 7617), decoded: the user is everything before the first ':', the password the rest.</summary>
/// <remarks>Not a record on purpose: a generated ToString would print the password into logs.</remarks>
public sealed class BasicAuthorization : AuthorizationHeader
{
    /// <summary>Creates decoded Basic credentials.</summary>
    public BasicAuthorization(string user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        User = user;
        Password = password;
    }

    /// <inheritdoc/>
    public override AuthenticationMethods Method => AuthenticationMethods.Basic;

    /// <summary>The user name.</summary>
    public string User { get; }

    /// <summary>The password, in clear text.</summary>
    public string Password { get; }
}
