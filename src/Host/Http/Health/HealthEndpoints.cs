using Akka.Actor;
using Akka.Cluster;
using MediaActors.Connections;
using MediaActors.Host.Http.Metrics;
using MediaActors.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MediaActors.Host.Http.Health;

/// <summary>
/// Probes for service managers, Kubernetes and load balancers, open without credentials:
/// <c>/healthz</c> (liveness: 200 "ok" while the process answers) and <c>/readyz</c> (readiness:
/// whether this node can take viewers now, with every check and why in JSON).
/// </summary>
/// <remarks>
/// Ready means the node itself can serve: its sessions are started, its RTSP listener is bound
/// (unless it serves no RTSP of its own), the HTTP server answers (it does, or there would be no
/// answer), and on a board or relay it is an Up member of its cluster. The node's pulled cameras
/// are checked and listed too, but by default a camera that is connecting or retrying only makes
/// the answer "degraded" (still 200): a camera is shared by every node that pulls it, so taking a
/// node out of rotation for it would help no viewer and, with every replica seeing the same
/// camera down, would leave the balancer with no node for the cameras that work. Alert on
/// <c>mediaactors_source_up</c> instead. <c>/readyz?sources=require</c> makes them count (503),
/// for a node that exists for one camera, or a script waiting until everything plays.
/// Without the server's credentials (when it has any) the cameras are counted, not named: the
/// probe is open, and session names are not (as over RTSP).
/// </remarks>
public static class HealthEndpoints
{
    private static readonly TimeSpan AskTimeout = SessionOperations.AskTimeout;

    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n", "text/plain; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/readyz", ReadyAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> ReadyAsync(HttpContext context, RunningServer running, ActorSystem system, WebAuthentication authentication)
    {
        var requireSources = string.Equals(context.Request.Query["sources"], "require", StringComparison.OrdinalIgnoreCase);
        var checks = new List<ReadinessCheck> { new("http", true, $"answering on port {context.Connection.LocalPort}") };
        var server = running.Current;
        checks.Add(server is null
            ? new ReadinessCheck("startup", false, "the node's sessions are not started yet")
            : new ReadinessCheck("startup", true, "sessions started"));
        if (server is not null)
        {
            checks.Add(await RtspCheckAsync(server.Listener, running.ServesRtsp, context.RequestAborted));
        }

        if (ClusterCheck(system) is { } cluster)
        {
            checks.Add(cluster);
        }

        var sources = server is null ? [] : await SourceChecksAsync(running, context.RequestAborted);
        if (!authentication.IsAuthenticated(context) && sources.Count > 0)
        {
            var healthy = sources.Count(source => source.Ok);
            sources = [new ReadinessCheck("sources", healthy == sources.Count, $"{healthy} of {sources.Count} pulled cameras playing or idle on demand")];
        }

        var nodeReady = checks.All(check => check.Ok);
        var sourcesHealthy = sources.All(source => source.Ok);
        var ready = nodeReady && (sourcesHealthy || !requireSources);
        var status = !ready ? "unready" : sourcesHealthy ? "ready" : "degraded";
        foreach (var source in sources)
        {
            checks.Add(source with { Required = requireSources });
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new ReadinessReport(status, checks), statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<ReadinessCheck> RtspCheckAsync(IActorRef? listener, bool servesRtsp, CancellationToken cancellation)
    {
        if (!servesRtsp)
        {
            return new ReadinessCheck("rtsp", true, "this node serves no RTSP of its own");
        }

        if (listener is null)
        {
            return new ReadinessCheck("rtsp", false, "no RTSP listener");
        }

        try
        {
            var stats = await listener.Ask<RtspListener.Stats>(RtspListener.GetStats.Instance, AskTimeout, cancellation);
            return stats.Listening is { } endpoint
                ? new ReadinessCheck("rtsp", true, $"listening on {endpoint}")
                : new ReadinessCheck("rtsp", false, "the RTSP listener is not listening yet");
        }
        catch (AskTimeoutException)
        {
            return new ReadinessCheck("rtsp", false, $"the RTSP listener did not answer within {AskTimeout.TotalSeconds:0} s");
        }
    }

    private static ReadinessCheck? ClusterCheck(ActorSystem system)
    {
        if (((ExtendedActorSystem)system).Provider is not ClusterActorRefProvider)
        {
            return null;
        }

        var self = Akka.Cluster.Cluster.Get(system).SelfMember;
        return self.Status == MemberStatus.Up
            ? new ReadinessCheck("cluster", true, $"member {self.Address} is Up")
            : new ReadinessCheck("cluster", false, $"member {self.Address} is {self.Status}, not Up");
    }

    private static async Task<List<ReadinessCheck>> SourceChecksAsync(RunningServer running, CancellationToken cancellation)
    {
        var sources = await running.GetPullSourcesAsync(cancellation);
        return sources
            .OrderBy(source => source.SessionName, StringComparer.Ordinal)
            .Select(source => new ReadinessCheck($"source {source.SessionName}", SourceStates.IsHealthy(source.State),
                source.LastError is { } error && !SourceStates.IsHealthy(source.State) ? $"{source.State}: {error}" : source.State))
            .ToList();
    }
}

/// <summary>The answer of <c>/readyz</c>: <paramref name="Status"/> is ready, degraded (a camera is down; still 200) or unready (503).</summary>
public sealed record ReadinessReport(string Status, IReadOnlyList<ReadinessCheck> Checks);

/// <summary>One check: its name, whether it passes, and what was found. <see cref="Required"/> is false for a camera that only degrades the answer.</summary>
public sealed record ReadinessCheck(string Name, bool Ok, string Detail)
{
    public bool Required { get; init; } = true;
}
