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
        var api = app.MapGroup("/api/v1").AddEndpointFilter(AdmitAsync);
        SessionsApi.Map(api);
        ClusterApi.Map(api);
        app.MapOpenApi("/api/{documentName}/openapi.json").AddEndpointFilter(AdmitAsync);
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
    private static async ValueTask<object?> AdmitAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var authentication = invocation.HttpContext.RequestServices.GetRequiredService<WebAuthentication>();
        return await authentication.AdmitAsync(invocation.HttpContext) ? await next(invocation) : Results.Empty;
    }
}
