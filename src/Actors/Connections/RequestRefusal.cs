using MediaActors.Protocol.Auth;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Connections;

/// <summary>
/// What a request must pass before its method runs: a valid CSeq (else 400), no Require header
/// (551: this server supports no option), and, when authentication is on, valid credentials (401
/// with the challenges). Credentials are checked before the method, so an unauthenticated client
/// learns nothing about which streams or sessions exist; OPTIONS stays open, as it reveals nothing
/// but the methods.
/// </summary>
internal static class RequestRefusal
{
    /// <summary>The response refusing <paramref name="request"/>, or null when its method may run.</summary>
    public static RtspResponse? Of(RtspRequest request, RtspAuthenticator? authenticator)
    {
        if (request.CSeq is null)
        {
            return RtspResponses.Error(RtspStatus.BadRequest, "missing or invalid CSeq header");
        }

        if (request.Headers["Require"] is { } required)
        {
            return RtspResponses.Unsupported(required);
        }

        if (authenticator is null || request.Method == RtspMethods.OPTIONS)
        {
            return null;
        }

        var result = authenticator.Validate(request.Method, request.Uri, request.Headers["Authorization"]);
        if (result == AuthResult.Accepted)
        {
            return null;
        }

        var response = RtspResponses.Error(RtspStatus.Unauthorized, "authentication required");
        foreach (var challenge in authenticator.Challenges(stale: result == AuthResult.Stale))
        {
            response.Headers.Add("WWW-Authenticate", challenge);
        }

        return response;
    }
}
