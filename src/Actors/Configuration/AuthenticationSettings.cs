using Akka.Configuration;
using MediaActors.Protocol.Auth;

namespace MediaActors.Configuration;

/// <summary>RTSP authentication (the <c>mediaactors.rtsp.auth</c> HOCON section); null in <see cref="RtspServerSettings"/> when off.</summary>
public sealed record AuthenticationSettings(RtspCredentials Credentials, string Realm, AuthenticationMethods Methods)
{
    /// <summary>The settings of an auth section, or null when its user is empty (authentication off).</summary>
    /// <param name="section">The section's HOCON path, for error messages.</param>
    public static AuthenticationSettings? FromConfig(Config auth, string section = "mediaactors.rtsp.auth")
    {
        var user = auth.GetString("user") ?? "";
        if (user.Length == 0)
        {
            return null;
        }

        var methods = AuthenticationMethods.None;
        foreach (var method in (auth.GetString("methods") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            methods |= method.ToLowerInvariant() switch
            {
                "digest" => AuthenticationMethods.Digest,
                "basic" => AuthenticationMethods.Basic,
                _ => throw new ConfigurationException($"{section}.methods: unknown method '{method}' (digest, basic)."),
            };
        }
        if (methods == AuthenticationMethods.None)
        {
            throw new ConfigurationException($"{section}.methods names no method (digest, basic).");
        }

        return new AuthenticationSettings(new RtspCredentials(user, auth.GetString("password") ?? ""), auth.GetString("realm") ?? "MediaActors", methods);
    }

    /// <summary>The validator all connections of one server share (its nonces are signed with one key).</summary>
    public RtspAuthenticator CreateAuthenticator() => new(Credentials, Realm, Methods);
}
