using MediaActors.Protocol.Auth;

namespace MediaActors.Fuzz.Targets;

/// <summary>
/// A request's Authorization header (Basic or Digest) against the server's authenticator, as
/// <c>RequestRefusal.Of</c> validates it. The input's first line is the request URI (Digest
/// compares it with the header's uri), the rest the header's value. The authenticator answers
/// Accepted, Rejected or Stale; it must never throw.
/// </summary>
public sealed class AuthorizationTarget : IFuzzTarget
{
    public string Name => "authorization";

    public void Run(ReadOnlySpan<byte> input)
    {
        var (first, rest) = FirstLine.Split(input);
        var (uri, value) = rest is null ? ("rtsp://127.0.0.1:8554/test", first) : (first, rest);
        var authenticator = ServerAuthentication.Create();
        authenticator.Validate("DESCRIBE", uri, value);
        authenticator.Challenges(stale: true);
    }
}
