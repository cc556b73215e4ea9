using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Web;

/// <summary>The HTTP server asks for the RTSP credentials: Basic/Digest or the session cookie they (or the login form) earn.</summary>
public sealed class WebAuthenticationTests
{
    [Fact(Timeout = 60_000)]
    public async Task Without_credentials_every_page_and_resource_is_401_with_the_challenges()
    {
        await using var host = await WebHost.StartAsync("--user", "alice", "--password", "secret");

        foreach (var path in new[] { "/", "/test/", "/test/snapshot.jpg", "/nosuch/", "/api/v1/recordings", "/api/v1/sessions" })
        {
            var response = await host.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var schemes = response.Headers.WwwAuthenticate.Select(challenge => challenge.Scheme).ToList();
            Assert.Contains("Digest", schemes);
            Assert.Contains("Basic", schemes);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Basic_credentials_earn_a_cookie_that_lets_the_websocket_through()
    {
        await using var host = await WebHost.StartAsync("--user", "alice", "--password", "secret");

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/test/");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:wrong")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/test/");
        right.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:secret")));
        var page = await host.Http.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie")).Split(';')[0];

        await using var viewer = await WebSocketViewer.ConnectAsync(host.WebSocketUri("test"), cookie);
        await viewer.ReadAsync(TimeSpan.FromSeconds(10), v => v.Fragments.Count > 0);
        Assert.NotEmpty(viewer.Fragments);

        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => WebSocketViewer.ConnectAsync(host.WebSocketUri("test"), "mediaactors_session=1.forged"));
    }

    [Fact(Timeout = 60_000)]
    public async Task Digest_credentials_are_accepted_as_for_rtsp()
    {
        await using var host = await WebHost.StartAsync("--user", "alice", "--password", "secret");
        var credentials = new CredentialCache { { host.Http.BaseAddress!, "Digest", new NetworkCredential("alice", "secret") } };
        using var digest = new HttpClient(new HttpClientHandler { Credentials = credentials, UseCookies = false }) { BaseAddress = host.Http.BaseAddress };

        var snapshot = await digest.GetAsync("/test/snapshot.jpg");

        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        Assert.Equal("image/jpeg", snapshot.Content.Headers.ContentType?.MediaType);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_login_form_gives_the_cookie_and_redirects_only_within_the_server()
    {
        await using var host = await WebHost.StartAsync("--user", "alice", "--password", "secret");

        var refused = await host.Http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user"] = "alice",
            ["password"] = "nope",
            ["next"] = "/test/",
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var accepted = await host.Http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user"] = "alice",
            ["password"] = "secret",
            ["next"] = "//evil.example/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/", accepted.Headers.Location?.OriginalString);
        var cookie = Assert.Single(accepted.Headers.GetValues("Set-Cookie")).Split(';')[0];

        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/test/snapshot.jpg");
        withCookie.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.SendAsync(withCookie)).StatusCode);
    }
}
