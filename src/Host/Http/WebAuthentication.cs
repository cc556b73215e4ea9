using System.Security.Cryptography;
using System.Text;
using MediaActors.Configuration;
using MediaActors.Protocol.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace MediaActors.Host.Http;

/// <summary>
/// The HTTP side asks for the same credentials as RTSP (<c>mediaactors.rtsp.auth</c>): Digest or
/// Basic in the Authorization header, checked by the same validator, or the session cookie a
/// request so authenticated (or the login form) was given. The cookie is what lets a page's
/// WebSocket and HLS requests through: browsers do not send a page's Digest answer with those.
/// It is signed with a key of this process, so a restart logs everyone out.
/// </summary>
public sealed class WebAuthentication
{
    public const string CookieName = "mediaactors_session";
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromHours(12);

    private readonly AuthenticationSettings? _settings;
    private readonly RtspAuthenticator? _validator;
    private readonly byte[] _cookieKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>The key of <see cref="HttpContext.Items"/> that marks a request whose credentials passed.</summary>
    private static readonly object Admitted = new();

    public WebAuthentication(AuthenticationSettings? settings)
    {
        _settings = settings;
        _validator = settings?.CreateAuthenticator();
    }

    public bool IsOn => _validator is not null;

    /// <summary>
    /// True when the request may go on (authentication off, a valid cookie, or valid credentials,
    /// which earn a cookie). Otherwise it has been answered: 401 with the challenges.
    /// </summary>
    /// <remarks>A request admitted once (the control API's are, before routing's endpoint runs) is not checked again.</remarks>
    public async Task<bool> AdmitAsync(HttpContext context)
    {
        if (_validator is null || context.Items.ContainsKey(Admitted) || HasValidCookie(context.Request))
        {
            return true;
        }

        var result = _validator.Validate(context.Request.Method, context.Request.GetEncodedPathAndQuery(), context.Request.Headers.Authorization);
        if (result == AuthResult.Accepted)
        {
            context.Items[Admitted] = true;
            GiveCookie(context.Response);
            return true;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        foreach (var challenge in _validator.Challenges(stale: result == AuthResult.Stale))
        {
            context.Response.Headers.Append("WWW-Authenticate", challenge);
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync("<!doctype html><title>Sign in</title><p>This server needs a user name and password. <a href=\"/login\">Sign in</a>.</p>");
        return false;
    }

    /// <summary>
    /// True when the request carries what <see cref="AdmitAsync"/> would let through (or
    /// authentication is off), without answering it: for pages open to all that show more to
    /// those signed in.
    /// </summary>
    public bool IsAuthenticated(HttpContext context) =>
        _validator is null || HasValidCookie(context.Request)
        || _validator.Validate(context.Request.Method, context.Request.GetEncodedPathAndQuery(), context.Request.Headers.Authorization) == AuthResult.Accepted;

    /// <summary>The login form's check: the configured user and password (compared in constant time).</summary>
    public bool TryLogin(string? user, string? password, HttpResponse response)
    {
        if (_settings is null)
        {
            return true;
        }

        var userMatches = CryptographicOperations.FixedTimeEquals(Hash(user ?? ""), Hash(_settings.Credentials.User));
        var passwordMatches = CryptographicOperations.FixedTimeEquals(Hash(password ?? ""), Hash(_settings.Credentials.Password));
        if (!(userMatches & passwordMatches))
        {
            return false;
        }

        GiveCookie(response);
        return true;
    }

    private void GiveCookie(HttpResponse response)
    {
        var expires = DateTimeOffset.UtcNow + CookieLifetime;
        var payload = expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Cookies.Append(CookieName, $"{payload}.{Sign(payload)}", new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Expires = expires,
            Path = "/",
        });
    }

    private bool HasValidCookie(HttpRequest request)
    {
        if (request.Cookies[CookieName] is not { } cookie || cookie.Split('.') is not [var payload, var signature]
            || !long.TryParse(payload, out var expires) || DateTimeOffset.FromUnixTimeSeconds(expires) < DateTimeOffset.UtcNow)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(payload)));
    }

    private string Sign(string payload) =>
        Convert.ToHexString(HMACSHA256.HashData(_cookieKey, Encoding.ASCII.GetBytes(payload)));

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
