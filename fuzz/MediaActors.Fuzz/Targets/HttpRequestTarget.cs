using System.Text.Json;
using Akka.Configuration;
using MediaActors.Host.Http;
using MediaActors.Host.Http.Api;
using MediaActors.Sources;
using MediaActors.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace MediaActors.Fuzz.Targets;

/// <summary>
/// What the web server reads of a request itself, beyond Kestrel's HTTP parsing. The input's
/// first line is the path and query (already URL-decoded, as routing hands it over), the rest a
/// body. The path goes through <see cref="WebPath.TryParse"/> and, for an HLS file,
/// <see cref="HlsNames.TryParseFile"/>; an API route's session name through
/// <see cref="SessionNames.FromRoute"/>; the query through <see cref="HlsEndpoints.TryReadReload"/>
/// (_HLS_msn, _HLS_part); the body as <c>POST /api/v1/sessions</c> takes it: JSON bound to
/// <see cref="SessionRequest"/> (a <see cref="JsonException"/> is ASP.NET's 400), then
/// <see cref="RtspSourceSettings.Create"/> of its name and URL, whose ArgumentException and
/// ConfigurationException the endpoint answers 400.
/// </summary>
public sealed class HttpRequestTarget : IFuzzTarget
{
    public string Name => "http-request";

    public void Run(ReadOnlySpan<byte> input)
    {
        var (target, rest) = FirstLine.Split(input);
        var body = rest ?? "";
        var question = target.IndexOf('?');
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : target[question..];

        if (WebPath.TryParse(path, out var webPath) && HlsEndpoints.Serves(webPath.Resource))
        {
            HlsNames.TryParseFile(webPath.Resource, out _);
        }

        SessionNames.FromRoute(path);
        HlsEndpoints.TryReadReload(new QueryCollection(QueryHelpers.ParseQuery(query)), out _, out _);
        CreateSession(body);
    }

    private static void CreateSession(string body)
    {
        SessionRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<SessionRequest>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return;
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Name) || string.IsNullOrWhiteSpace(request.Url))
        {
            return;
        }

        try
        {
            RtspSourceSettings.Create(request.Name, request.Url);
        }
        catch (Exception error) when (error is ArgumentException or ConfigurationException)
        {
            // 400 Unusable session.
        }
    }
}
