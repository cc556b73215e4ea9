using MediaActors.Protocol.Rtsp;

namespace MediaActors.Sources;

/// <summary>What a client (pulling a camera, pushing to a server) makes of a server's refusal: an <see cref="RtspSourceException"/> saying it in words.</summary>
internal static class RtspAnswers
{
    /// <summary>Returns when <paramref name="response"/> is 200; otherwise throws, naming the method, the status and what it means here.</summary>
    /// <param name="peer">The server as the message names it: "the camera", "the target".</param>
    /// <param name="notFound">What a 404 means for this peer, e.g. "has no stream at this URL".</param>
    public static void RequireOk(RtspResponse response, string method, string peer, string notFound)
    {
        if (response.StatusCode == RtspStatus.Ok)
        {
            return;
        }

        var status = $"{response.StatusCode} {response.ReasonPhrase}".Trim();
        throw new RtspSourceException(response.StatusCode switch
        {
            RtspStatus.Unauthorized when response.Headers["WWW-Authenticate"] is null => $"{method} was refused with {status} and no way to authenticate",
            RtspStatus.Unauthorized => $"{method} was refused with {status}: {peer} wants credentials (rtsp://user:password@host/...) or refused those given",
            RtspStatus.NotFound => $"{peer} {notFound} ({method}: {status})",
            _ => $"{method} was answered {status}",
        });
    }
}
