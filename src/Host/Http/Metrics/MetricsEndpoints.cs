using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Prometheus;

namespace MediaActors.Host.Http.Metrics;

/// <summary>
/// <c>GET /metrics</c>: the node's metrics in Prometheus's text format (0.0.4), gathered from the
/// actors as the request comes (<see cref="NodeMetrics"/>). Behind the server's credentials unless
/// <c>mediaactors.http.metrics.auth = off</c>.
/// </summary>
public static class MetricsEndpoints
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Map(WebApplication app) =>
        app.MapGet("/metrics", async (HttpContext context, NodeMetrics metrics, WebAuthentication authentication) =>
        {
            if (metrics.RequiresAuthentication && !await authentication.AdmitAsync(context))
            {
                return;
            }

            context.Response.ContentType = ContentType;
            context.Response.Headers.CacheControl = "no-store";
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        }).ExcludeFromDescription();
}
