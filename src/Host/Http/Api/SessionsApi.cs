using MediaActors.Operations;
using MediaActors.Sessions;
using MediaActors.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MediaActors.Host.Http.Api;

/// <summary>
/// <c>/api/v1/sessions</c>: the node's sessions (list, one in detail, create a pulled one, end one)
/// and their readers (list, kick one). Everything is asked of the actors when requested.
/// </summary>
public static class SessionsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/sessions", ListAsync).WithSummary("Every session of the node, with its source and readers by kind.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/sessions/{name}", GetAsync).WithSummary("One session: what it carries, its source, cache and counters.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/sessions", CreateAsync).WithSummary("Pulls an RTSP camera into a new session (it appears once the camera described its stream).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status405MethodNotAllowed)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapDelete("/sessions/{name}", DeleteAsync).WithSummary("Ends a session: its readers are told the stream ended.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status405MethodNotAllowed)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/sessions/{name}/readers", ReadersAsync).WithSummary("Every reader of a session, with its counters.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapDelete("/sessions/{name}/readers/{id}", KickAsync).WithSummary("Ends one reader of a session (an RTSP client or a WebSocket viewer).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<Ok<IReadOnlyList<SessionSummary>>, ProblemHttpResult>> ListAsync(HttpContext context, RunningServer running)
    {
        if (await running.GetAsync(context.RequestAborted) is not { } server)
        {
            return Problems.Starting();
        }

        var sessions = await server.Operations.GetAllStatsAsync(context.RequestAborted);
        // Every session's readers at once: one slow session does not hold up the others.
        var readers = await Task.WhenAll(sessions.Select(session => server.Operations.GetReadersAsync(session.Entry.Name, context.RequestAborted)));
        var summaries = sessions.Zip(readers, (session, sessionReaders) => Summary(session.Entry, session.Stats, sessionReaders ?? [], context, running)).ToList();

        // Pulled cameras not reached yet have no session, but operators want to see them trying.
        foreach (var source in running.Control?.PullSources() ?? [])
        {
            if (!summaries.Any(summary => summary.Name == source.SessionName))
            {
                summaries.Add(new SessionSummary(source.SessionName, [], null, null, SourceSummary.Of(source), ReaderCounts.Of([]),
                    Urls(source.SessionName, context, running)));
            }
        }

        return TypedResults.Ok<IReadOnlyList<SessionSummary>>(summaries.OrderBy(summary => summary.Name, StringComparer.Ordinal).ToList());
    }

    private static async Task<Results<Ok<SessionDetail>, ProblemHttpResult>> GetAsync(string name, HttpContext context, RunningServer running)
    {
        name = SessionNames.FromRoute(name);
        if (await running.GetAsync(context.RequestAborted) is not { } server)
        {
            return Problems.Starting();
        }

        var entry = await FindAsync(server, name, context.RequestAborted);
        var stats = entry is null ? null : await server.Operations.GetStatsAsync(entry.Name, context.RequestAborted);
        if (entry is null || stats is null)
        {
            return Problems.NoSession(name);
        }

        var readers = await server.Operations.GetReadersAsync(entry.Name, context.RequestAborted) ?? [];
        var summary = Summary(entry, stats, readers, context, running);
        return TypedResults.Ok(new SessionDetail(
            summary.Name, summary.Aliases, summary.Video, summary.Audio, summary.Source, summary.Readers, summary.Urls,
            new GopCacheSummary(stats.GopCacheFrames, stats.GopCacheBytes, stats.GopCacheOverflows, stats.InstantStarts),
            new SessionCounters(stats.AccessUnits, stats.Keyframes, stats.RtpPackets,
                new DropCounters(stats.SubscriberFramesSkipped, stats.IngestDrops, stats.AudioChunksRejected), stats.IngestQueuedBytes)));
    }

    private static async Task<Results<Accepted<SessionAccepted>, ProblemHttpResult>> CreateAsync(SessionRequest request, HttpContext context, RunningServer running)
    {
        if (await running.GetAsync(context.RequestAborted) is null)
        {
            return Problems.Starting();
        }

        if (running.Control is not { } control)
        {
            return Problems.Of(StatusCodes.Status405MethodNotAllowed, "Sessions cannot be created here",
                "A relay serves its boards' sessions and its configured sources; create sessions on a serve or board node.");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || string.IsNullOrWhiteSpace(request.Url))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Incomplete request", "Give the new session's name and the rtsp:// URL of its camera.");
        }

        try
        {
            control.CreatePullSession(request.Name, request.Url);
        }
        catch (SessionNameTakenException taken)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "Session exists", Reason(taken));
        }
        catch (Exception error) when (error is ArgumentException or Akka.Configuration.ConfigurationException)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Unusable session", Reason(error));
        }

        // The URL is not echoed: it may carry the camera's credentials.
        return TypedResults.Accepted($"/api/v1/sessions/{SessionNames.ToRoute(request.Name)}", new SessionAccepted(request.Name, "connecting"));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, HttpContext context, RunningServer running)
    {
        name = SessionNames.FromRoute(name);
        if (await running.GetAsync(context.RequestAborted) is null)
        {
            return Problems.Starting();
        }

        if (running.Control is not { } control)
        {
            return Problems.Of(StatusCodes.Status405MethodNotAllowed, "Sessions cannot be ended here",
                "A relay's sessions end with their board's; end the session on its board.");
        }

        if (control.IsOwnSession(name))
        {
            return Problems.Of(StatusCodes.Status409Conflict, "Session is the node's own",
                $"Session '{name}' is fed by this node's camera: it ends when the node stops.");
        }

        return await control.DestroySessionAsync(name) ? TypedResults.NoContent() : Problems.NoSession(name);
    }

    private static async Task<Results<Ok<IReadOnlyList<ReaderModel>>, ProblemHttpResult>> ReadersAsync(string name, HttpContext context, RunningServer running)
    {
        name = SessionNames.FromRoute(name);
        if (await running.GetAsync(context.RequestAborted) is not { } server)
        {
            return Problems.Starting();
        }

        return await server.Operations.GetReadersAsync(name, context.RequestAborted) is { } readers
            ? TypedResults.Ok<IReadOnlyList<ReaderModel>>(readers.Select(reader => ReaderModel.Of(reader.Status)).ToList())
            : Problems.NoSession(name);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> KickAsync(string name, string id, HttpContext context, RunningServer running)
    {
        name = SessionNames.FromRoute(name);
        if (await running.GetAsync(context.RequestAborted) is not { } server)
        {
            return Problems.Starting();
        }

        return await server.Operations.KickAsync(name, id, "kicked by an operator", context.RequestAborted) switch
        {
            KickOutcome.Kicked => TypedResults.NoContent(),
            KickOutcome.NoSession => Problems.NoSession(name),
            KickOutcome.NotKickable => Problems.Of(StatusCodes.Status409Conflict, "Reader cannot be kicked",
                $"Reader '{id}' of '{name}' is shared or configured (an HLS output, a recorder, a relay's link or a push); it cannot be ended on its own."),
            _ => Problems.Of(StatusCodes.Status404NotFound, "No such reader", $"Session '{name}' has no reader '{id}'."),
        };
    }

    /// <summary>What was wrong, in words: an <see cref="ArgumentException"/>'s message without the parameter name it appends.</summary>
    private static string Reason(Exception error) => error is ArgumentException { ParamName: { } parameter }
        ? error.Message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal)
        : error.Message;

    private static SessionSummary Summary(SessionRegistry.SessionEntry entry, MediaSession.Stats stats, IReadOnlyList<OwnedReader> readers,
        HttpContext context, RunningServer running) => new(
        entry.Name,
        entry.Aliases,
        stats.Media is { } media
            ? new VideoSummary(media.Video.ToString(), media.Width, media.Height, Math.Round(media.FramesPerSecond, 2), media.BitsPerSecond)
            : null,
        stats.Media?.Audio?.ToString(),
        SourceSummary.Of(stats),
        ReaderCounts.Of(readers.Select(reader => reader.Status)),
        Urls(entry.Name, context, running));

    /// <summary>The session's URLs at the host name the client used (what it can reach), with the RTSP port.</summary>
    private static SessionUrls Urls(string name, HttpContext context, RunningServer running)
    {
        var host = context.Request.Host;
        var path = string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
        var web = $"{context.Request.Scheme}://{host}/{path}/";
        return new SessionUrls($"rtsp://{host.Host}:{running.RtspPort}/{path}", web, web + "index.m3u8", web + "snapshot.jpg");
    }

    private static async Task<SessionRegistry.SessionEntry?> FindAsync(WebSessions server, string name, CancellationToken cancellation) =>
        (await server.Operations.ListSessionsAsync(cancellation)).FirstOrDefault(entry => entry.Name == name || entry.Aliases.Contains(name));
}

/// <summary>A session to create (<c>POST /api/v1/sessions</c>).</summary>
/// <param name="Name">The new session's name (its RTSP path).</param>
/// <param name="Url">The camera's rtsp:// URL, credentials included if it needs them.</param>
public sealed record SessionRequest(string Name, string Url);

/// <summary>A session being created: it is listed with its source's state at once, and plays once its camera described its stream.</summary>
public sealed record SessionAccepted(string Name, string State);
