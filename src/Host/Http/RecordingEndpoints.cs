using Akka.Actor;
using MediaActors.Recording;
using MediaActors.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MediaActors.Host.Http;

/// <summary>
/// The recordings over HTTP: <c>GET /api/v1/recordings</c> lists every segment (JSON), and
/// <c>GET /&lt;session&gt;/recordings/&lt;file&gt;</c> downloads one (with range requests, so a player can seek).
/// Only files the recorder lists are served: a name cannot reach outside the directory.
/// </summary>
public static class RecordingEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static void Map(WebApplication app) =>
        app.MapGet("/api/v1/recordings", async (HttpContext context, RunningServer running, WebAuthentication authentication) =>
        {
            if (!await authentication.AdmitAsync(context))
            {
                return Results.Empty;
            }

            if (await ListAsync(running, context.RequestAborted) is not { } listing)
            {
                return Results.Problem("Recording is off: start the server with --record DIR.", statusCode: StatusCodes.Status404NotFound);
            }

            return Results.Json(new
            {
                segments = listing.Segments.Select(segment => new
                {
                    session = segment.Session,
                    file = segment.File,
                    url = $"/{segment.Session}/recordings/{Uri.EscapeDataString(segment.File)}",
                    bytes = segment.Bytes,
                    startedAt = segment.StartedAt,
                    recording = segment.Recording,
                }),
                errors = listing.Errors,
            });
        });

    /// <summary>One segment of <paramref name="session"/>, by its file name.</summary>
    public static async Task<IResult> DownloadAsync(string session, string file, RunningServer running, CancellationToken cancellation)
    {
        var listing = await ListAsync(running, cancellation);
        var segment = listing?.Segments.FirstOrDefault(segment => segment.Session == session && segment.File == file);
        return segment is null
            ? Results.Problem($"Session '{session}' has no recording '{file}'.", statusCode: StatusCodes.Status404NotFound)
            : Results.File(segment.Path, "video/mp4", segment.File, enableRangeProcessing: true);
    }

    private static async Task<Recordings.Listing?> ListAsync(RunningServer running, CancellationToken cancellation) =>
        await running.GetAsync(cancellation) is { Recordings: { } recordings }
            ? await recordings.Ask<Recordings.Listing>(Recordings.List.Instance, AskTimeout, cancellation)
            : null;
}
