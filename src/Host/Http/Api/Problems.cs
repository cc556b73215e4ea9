using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MediaActors.Host.Http.Api;

/// <summary>The control API's errors: RFC 9457 problem details with the status that fits.</summary>
public static class Problems
{
    public static ProblemHttpResult Of(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);

    public static ProblemHttpResult NoSession(string name) =>
        Of(StatusCodes.Status404NotFound, "No such session", $"There is no session '{name}'.");

    public static ProblemHttpResult Starting() =>
        Of(StatusCodes.Status503ServiceUnavailable, "Starting", "The server is still starting.");
}
