using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MediaActors.Tests.Web;

namespace MediaActors.Tests.Api;

/// <summary>The control API's OpenAPI document, and its credentials: the same as the rest of the port (Basic, Digest, the cookie).</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiDocumentAndAuthTests : IDisposable
{
    private readonly string _recordings = Path.Combine(Path.GetTempPath(), $"mediaactors-api-auth-{Guid.NewGuid():N}");

    /// <summary>Every request of the API, each answered as it should be when its credentials pass.</summary>
    private static readonly (HttpMethod Method, string Path, object? Body, HttpStatusCode Status)[] Requests =
    [
        (HttpMethod.Get, "/api/v1/sessions", null, HttpStatusCode.OK),
        (HttpMethod.Get, "/api/v1/sessions/test", null, HttpStatusCode.OK),
        (HttpMethod.Get, "/api/v1/sessions/test/readers", null, HttpStatusCode.OK),
        (HttpMethod.Get, "/api/v1/cluster", null, HttpStatusCode.OK),
        (HttpMethod.Get, "/api/v1/recordings", null, HttpStatusCode.OK),
        (HttpMethod.Get, "/api/v1/openapi.json", null, HttpStatusCode.OK),
        (HttpMethod.Get, "/api/v1/sessions/no%2Fsuch", null, HttpStatusCode.NotFound),
        (HttpMethod.Post, "/api/v1/sessions", new { name = "cam" }, HttpStatusCode.BadRequest),
        (HttpMethod.Delete, "/api/v1/sessions/test", null, HttpStatusCode.Conflict),
        (HttpMethod.Delete, "/api/v1/sessions/test/readers/rtsp-000000000000", null, HttpStatusCode.NotFound),
    ];

    public void Dispose()
    {
        if (Directory.Exists(_recordings))
        {
            Directory.Delete(_recordings, recursive: true);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task The_openapi_document_is_openapi_3_and_lists_every_api_path_and_nothing_else()
    {
        await using var host = await WebHost.StartAsync("--width", "320", "--height", "240");

        using var response = await host.Http.GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.StartsWith("3.", document.String("openapi"), StringComparison.Ordinal);
        Assert.Equal("MediaActors control API", document.GetProperty("info").String("title"));
        var paths = document.GetProperty("paths").EnumerateObject()
            .ToDictionary(path => path.Name, path => path.Value.EnumerateObject().Select(method => method.Name).Order().ToList());
        Assert.Equal(
            new Dictionary<string, List<string>>
            {
                ["/api/v1/sessions"] = ["get", "post"],
                ["/api/v1/sessions/{name}"] = ["delete", "get"],
                ["/api/v1/sessions/{name}/readers"] = ["get"],
                ["/api/v1/sessions/{name}/readers/{id}"] = ["delete"],
                ["/api/v1/cluster"] = ["get"],
                ["/api/v1/recordings"] = ["get"],
            },
            paths);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var schema in new[] { "SessionSummary", "SessionDetail", "ReaderModel", "ClusterModel", "SessionRequest", "ProblemDetails" })
        {
            Assert.True(schemas.TryGetProperty(schema, out _), $"no schema {schema}");
        }

        // Fields carry their meaning, and the errors are there as problem details.
        var kind = schemas.GetProperty("ReaderModel").GetProperty("properties").GetProperty("kind");
        Assert.Contains("rtsp-udp", kind.String("description"), StringComparison.Ordinal);
        var kick = document.GetProperty("paths").GetProperty("/api/v1/sessions/{name}/readers/{id}").GetProperty("delete").GetProperty("responses");
        Assert.Equal(["204", "404", "409", "503"], kick.EnumerateObject().Select(response => response.Name).Order());
        Assert.True(kick.GetProperty("409").GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact(Timeout = 90_000)]
    public async Task Every_api_request_needs_the_credentials_basic_digest_or_the_cookie()
    {
        await using var host = await WebHost.StartAsync("--width", "320", "--height", "240", "--user", "alice", "--password", "secret", "--record", _recordings);
        var right = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:secret")));
        var wrong = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:wrong")));
        var credentials = new CredentialCache { { host.Http.BaseAddress!, "Digest", new NetworkCredential("alice", "secret") } };
        using var digest = new HttpClient(new HttpClientHandler { Credentials = credentials, UseCookies = false }) { BaseAddress = host.Http.BaseAddress };
        string? cookie = null;

        foreach (var (method, path, body, status) in Requests)
        {
            foreach (var authorization in new[] { null, wrong })
            {
                using var refused = await host.Http.SendAsync(Request(method, path, body, authorization));
                Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with {authorization?.Parameter ?? "nothing"}: {(int)refused.StatusCode}");
                var schemes = refused.Headers.WwwAuthenticate.Select(challenge => challenge.Scheme).ToList();
                Assert.Contains("Digest", schemes);
                Assert.Contains("Basic", schemes);
            }

            using var basic = await host.Http.SendAsync(Request(method, path, body, right));
            Assert.True(basic.StatusCode == status, $"{method} {path} with Basic: {(int)basic.StatusCode} {await basic.Content.ReadAsStringAsync()}");
            cookie ??= basic.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

            using var withDigest = await digest.SendAsync(Request(method, path, body, authorization: null));
            Assert.True(withDigest.StatusCode == status, $"{method} {path} with Digest: {(int)withDigest.StatusCode}");

            var withCookie = Request(method, path, body, authorization: null);
            withCookie.Headers.Add("Cookie", cookie);
            using var fromCookie = await host.Http.SendAsync(withCookie);
            Assert.True(fromCookie.StatusCode == status, $"{method} {path} with the cookie: {(int)fromCookie.StatusCode}");

            var forged = Request(method, path, body, authorization: null);
            forged.Headers.Add("Cookie", "mediaactors_session=1.forged");
            using var fromForged = await host.Http.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Unauthorized, fromForged.StatusCode);
        }

        // Credentials come first: a malformed body without them is 401, not 400.
        using var garbage = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions") { Content = new StringContent("{name:", Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.SendAsync(garbage)).StatusCode);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, object? body, AuthenticationHeaderValue? authorization)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        request.Headers.Authorization = authorization;
        return request;
    }
}
