using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MediaActors.Host.Http.Api;

/// <summary>
/// The control API, versioned under <c>/api/v1</c>, behind the same credentials as everything
/// else on the port; its OpenAPI document, generated from these endpoints, is <c>/api/v1/openapi.json</c>.
/// </summary>
public static class ApiEndpoints
{
    public const string DocumentName = "v1";

    public static void Map(WebApplication app)
    {
        // Credentials are checked before a request's body is read or its parameters bound: a client
        // without them learns nothing, not even that its JSON was malformed. Every error of the API
        // is problem details, those the framework answers itself too (a malformed body, an exception).
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
            api.Use(AdmitAsync);
        });
        var group = app.MapGroup("/api/v1");
        SessionsApi.Map(group);
        ClusterApi.Map(group);
        app.MapOpenApi("/api/{documentName}/openapi.json");
    }

    /// <summary>The OpenAPI document covers the API alone (not the pages and media beside it).</summary>
    public static void DescribeDocument(OpenApiOptions options)
    {
        options.ShouldInclude = endpoint => endpoint.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "MediaActors control API";
            document.Info.Description = "The sessions of a MediaActors node, their readers and recordings, and its cluster.";
            return Task.CompletedTask;
        });
    }

    /// <summary>A request without valid credentials has been answered (401 with the challenges) and goes no further.</summary>
    private static async Task AdmitAsync(HttpContext context, RequestDelegate next)
    {
        if (await context.RequestServices.GetRequiredService<WebAuthentication>().AdmitAsync(context))
        {
            await next(context);
        }
    }
}
