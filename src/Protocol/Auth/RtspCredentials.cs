namespace MediaActors.Protocol.Auth;

/// <summary>A user name and password, as a server checks them or a client sends them.</summary>
/// <param name="User">The user name; Basic cannot carry one that contains ':'.</param>
/// <param name="Password">The password.</param>
public sealed record RtspCredentials(string User, string Password)
{
    /// <summary>"RtspCredentials { User = name }": the password is left out, so logging a record cannot leak it.</summary>
    public override string ToString() => $"{nameof(RtspCredentials)} {{ {nameof(User)} = {User} }}";
}
