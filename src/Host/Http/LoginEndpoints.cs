using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MediaActors.Host.Http;

/// <summary>A sign-in form for browsers, as an alternative to their Basic/Digest prompt: it sets the session cookie.</summary>
public static class LoginEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/login", (HttpContext context) => Results.Content(Form(context.Request.Query["next"], failed: false), "text/html; charset=utf-8"));
        app.MapPost("/login", async (HttpContext context, WebAuthentication authentication) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var next = SafeNext(form["next"]);
            if (authentication.TryLogin(form["user"], form["password"], context.Response))
            {
                return Results.Redirect(next);
            }

            return Results.Content(Form(next, failed: true), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }).DisableAntiforgery();
    }

    /// <summary>Only a path on this server: a login must not redirect anywhere else (an open redirect).</summary>
    private static string SafeNext(string? next) =>
        next is { Length: > 0 } && next.StartsWith('/') && !next.StartsWith("//", StringComparison.Ordinal) && !next.Contains('\\') ? next : "/";

    private static string Form(string? next, bool failed) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sign in · MediaActors</title><link rel="stylesheet" href="/static/player.css"></head>
        <body class="login"><form method="post" action="/login">
        <h1>MediaActors</h1>
        {{(failed ? "<p class=\"error\">Wrong user name or password.</p>" : "")}}
        <label>User <input name="user" autocomplete="username" required autofocus></label>
        <label>Password <input name="password" type="password" autocomplete="current-password"></label>
        <input type="hidden" name="next" value="{{WebUtility.HtmlEncode(SafeNext(next))}}">
        <button type="submit">Sign in</button>
        </form></body></html>
        """;
}
