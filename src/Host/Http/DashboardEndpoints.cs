using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MediaActors.Host.Http;

/// <summary>
/// <c>/</c>: the dashboard, a static page (dashboard.html, .js, .css from the assembly) behind the
/// same credentials as the rest of the port. It shows every session live or as snapshots, with
/// what the control API says of it, by polling <c>/api/v1</c>; the server keeps nothing for it.
/// </summary>
public static class DashboardEndpoints
{
    private const string Page = "dashboard.html";

    public static void Map(WebApplication app) => app.MapGet("/", ServeAsync);

    private static async Task<IResult> ServeAsync(HttpContext context, WebAuthentication authentication)
    {
        if (!await authentication.AdmitAsync(context))
        {
            return Results.Empty;
        }

        return EmbeddedFiles.TryGet(Page, out var page, out var type) ? Results.Bytes(page, type) : Results.NotFound();
    }
}
