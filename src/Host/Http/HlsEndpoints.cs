using System.Globalization;
using Akka.Actor;
using MediaActors.Web;
using Microsoft.AspNetCore.Http;

namespace MediaActors.Host.Http;

/// <summary>
/// A session's HLS over HTTP, under its path (<see cref="SessionEndpoints"/> hands over the names
/// <see cref="HlsNames"/> knows, behind the same authentication): <c>index.m3u8</c> (never cached;
/// <c>_HLS_msn</c> and <c>_HLS_part</c> make it a blocking reload), the init segment, segments and
/// parts (cacheable for the HLS linger: a name means the same bytes until the session's HLS has been
/// unused that long). The session's <see cref="HlsActor"/> is asked for each, and may hold the answer
/// until what is asked for exists.
/// </summary>
public static class HlsEndpoints
{
    public const string MediaContentType = "video/iso.segment";
    public const string InitContentType = "video/mp4";

    /// <summary>Longer than any wait of the actor (three target durations, 30 s at most), which always answers first.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(40);

    /// <summary>True when <paramref name="resource"/> is one of a session's HLS files.</summary>
    public static bool Serves(string resource) => HlsNames.IsHls(resource);

    public static async Task<IResult> ServeAsync(HttpContext context, string session, string resource, WebSessions server)
    {
        object request;
        if (resource == HlsNames.Playlist)
        {
            if (!TryReadReload(context.Request.Query, out var reload, out var error))
            {
                return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }

            request = reload;
        }
        else if (!HlsNames.TryParseFile(resource, out request))
        {
            return Results.Problem($"Session '{session}' has no '{resource}'.", statusCode: StatusCodes.Status404NotFound);
        }

        object answer;
        try
        {
            answer = await server.WebStreams.Ask<object>(new WebStreams.Hls(session, request), AskTimeout, context.RequestAborted);
        }
        catch (AskTimeoutException)
        {
            return Results.Problem($"The HLS stream of '{session}' did not answer.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        switch (answer)
        {
            case Hls.Playlist playlist:
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Text(playlist.Text, HlsPlaylist.ContentType);
            case Hls.Content content:
                var linger = (long)server.Settings.Hls.Linger.TotalSeconds;
                context.Response.Headers.CacheControl = linger > 0 ? string.Create(CultureInfo.InvariantCulture, $"max-age={linger}") : "no-cache";
                return new PiecesResult(content, request is Hls.GetInit ? InitContentType : MediaContentType);
            case Hls.Refused refused:
                return Results.Problem(refused.Reason, statusCode: refused.Status);
            default:
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>
    /// The blocking reload of RFC 8216bis 6.2.5.2: <c>_HLS_msn</c> (a segment), optionally with
    /// <c>_HLS_part</c> (a part of it); a part without a segment, or anything not a number, is a bad request.
    /// </summary>
    public static bool TryReadReload(IQueryCollection query, out Hls.GetPlaylist request, out string error)
    {
        ArgumentNullException.ThrowIfNull(query);
        request = new Hls.GetPlaylist();
        error = "";
        long? msn = null;
        int? part = null;
        if (query.TryGetValue("_HLS_msn", out var msnText))
        {
            if (!long.TryParse(msnText, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                error = $"_HLS_msn must be a segment's sequence number, not '{msnText}'.";
                return false;
            }

            msn = value;
        }

        if (query.TryGetValue("_HLS_part", out var partText))
        {
            if (msn is null)
            {
                error = "_HLS_part needs _HLS_msn.";
                return false;
            }

            if (!int.TryParse(partText, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                error = $"_HLS_part must be a part's index, not '{partText}'.";
                return false;
            }

            part = value;
        }

        request = new Hls.GetPlaylist(msn, part);
        return true;
    }

    /// <summary>A file sent as its pieces (a segment is its parts), with its length.</summary>
    private sealed class PiecesResult(Hls.Content content, string contentType) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = content.Length;
            foreach (var piece in content.Pieces)
            {
                await httpContext.Response.Body.WriteAsync(piece, httpContext.RequestAborted);
            }
        }
    }
}
