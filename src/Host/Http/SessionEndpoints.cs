using Akka.Actor;
using MediaActors.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MediaActors.Host.Http;

/// <summary>
/// Everything under a session's path: <c>/&lt;session&gt;/</c> (the player page), <c>/&lt;session&gt;/ws</c>
/// (its live fMP4 stream over a WebSocket), <c>snapshot.jpg</c>, its HLS (<c>index.m3u8</c> and the
/// files it names, <see cref="HlsEndpoints"/>), and the static files the page loads from <c>/static/</c>.
/// An unknown session is 404, before any work is done for it.
/// </summary>
public static class SessionEndpoints
{
    private const string PlayerPage = "player.html";
    private const string RecordingsPrefix = "recordings/";
    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromSeconds(12);

    public static void Map(WebApplication app)
    {
        app.MapGet("/static/{file}", (string file) =>
            EmbeddedFiles.TryGet(file, out var content, out var contentType) ? Results.Bytes(content, contentType) : Results.NotFound());
        app.MapGet("/{**path}", ServeAsync);
    }

    private static async Task<IResult> ServeAsync(HttpContext context, string? path, RunningServer running, WebAuthentication authentication,
        ActorSystem system)
    {
        if (!await authentication.AdmitAsync(context))
        {
            return Results.Empty;
        }

        if (await running.GetAsync(context.RequestAborted) is not { } server)
        {
            return Results.Problem("The server is still starting.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (!WebPath.TryParse(path ?? "", out var webPath))
        {
            // "/cam" is the session's page without its slash: relative links need the slash.
            return path is { Length: > 0 } && await server.HasSessionAsync(path) ? Results.Redirect($"/{path}/") : NoSession(path);
        }

        // Recordings outlive their session.
        if (webPath.Resource.StartsWith(RecordingsPrefix, StringComparison.Ordinal))
        {
            return await RecordingEndpoints.DownloadAsync(webPath.Session, webPath.Resource[RecordingsPrefix.Length..], running, context.RequestAborted);
        }

        if (!await server.HasSessionAsync(webPath.Session))
        {
            return NoSession(webPath.Session);
        }

        return webPath.Resource switch
        {
            "" => EmbeddedFiles.TryGet(PlayerPage, out var page, out var type) ? Results.Bytes(page, type) : Results.NotFound(),
            "ws" => await WatchLiveAsync(context, webPath.Session, server, system),
            "snapshot.jpg" => await SnapshotAsync(webPath.Session, server, context.RequestAborted),
            var name when HlsEndpoints.Serves(name) => await HlsEndpoints.ServeAsync(context, webPath.Session, name, server),
            _ => Results.Problem($"Session '{webPath.Session}' has no '{webPath.Resource}'.", statusCode: StatusCodes.Status404NotFound),
        };
    }

    /// <summary>
    /// The live view: the socket is handed to a viewer actor, and the request lasts as long as it does.
    /// </summary>
    private static async Task<IResult> WatchLiveAsync(HttpContext context, string session, WebSessions server, ActorSystem system)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Results.Problem("This is a WebSocket endpoint: connect with a WebSocket upgrade.", statusCode: StatusCodes.Status400BadRequest);
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var peer = $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        system.ActorOf(WebSocketViewerActor.Props(socket, session, peer, server.WebStreams, server.Settings, finished));
        await finished.Task;
        return Results.Empty;
    }

    /// <summary>The latest keyframe as JPEG; the picture is the same until the next keyframe, so it may be cached for a moment.</summary>
    private static async Task<IResult> SnapshotAsync(string session, WebSessions server, CancellationToken cancellation)
    {
        var answer = await server.WebStreams.Ask<object>(new WebStreams.Snapshot(session), SnapshotTimeout, cancellation);
        return answer switch
        {
            Snapshots.Picture picture => Results.File(picture.Jpeg, "image/jpeg", lastModified: picture.TakenAt),
            Snapshots.Failed failed => Results.Problem(failed.Reason, statusCode: StatusCodes.Status503ServiceUnavailable),
            _ => Results.StatusCode(StatusCodes.Status500InternalServerError),
        };
    }

    private static IResult NoSession(string? session) =>
        Results.Problem($"There is no session '{session}'.", statusCode: StatusCodes.Status404NotFound);
}
