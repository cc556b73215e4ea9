using MediaActors.Protocol.Auth;

namespace MediaActors.Fuzz.Targets;

/// <summary>A server's authenticator as `--user`/`--password` make it: Basic and Digest both offered.</summary>
internal static class ServerAuthentication
{
    public const string Realm = "MediaActors";

    public static RtspCredentials Credentials { get; } = new("admin", "secret");

    public static RtspAuthenticator Create() =>
        new(Credentials, Realm, AuthenticationMethods.Basic | AuthenticationMethods.Digest);
}
