using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MediaActors.Tests.Api;

/// <summary>The control API's calls as the tests make them: JSON read back, statuses and problem details checked.</summary>
public static class ApiCalls
{
    /// <summary>GET <paramref name="path"/>, which must answer 200 with JSON.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>GET <paramref name="path"/>: its JSON when 200, null when 404.</summary>
    public static async Task<JsonElement?> GetJsonOrNullAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return await http.GetJsonAsync(path);
    }

    /// <summary>POST <paramref name="body"/> as JSON.</summary>
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, object body) =>
        http.PostAsJsonAsync(path, body);

    /// <summary>
    /// Checks that <paramref name="response"/> is an RFC 9457 problem with <paramref name="status"/>
    /// (application/problem+json, the status repeated, a title and a detail) and returns it.
    /// </summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()), body);
        return problem;
    }

    /// <summary>The readers of <paramref name="session"/> (its name as one path segment).</summary>
    public static async Task<IReadOnlyList<JsonElement>> ReadersAsync(this HttpClient http, string session) =>
        (await http.GetJsonAsync($"/api/v1/sessions/{Uri.EscapeDataString(session)}/readers")).EnumerateArray().ToList();

    /// <summary>DELETE of one reader.</summary>
    public static Task<HttpResponseMessage> KickAsync(this HttpClient http, string session, string readerId) =>
        http.DeleteAsync($"/api/v1/sessions/{Uri.EscapeDataString(session)}/readers/{Uri.EscapeDataString(readerId)}");

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds of what it read; fails with the last reading after <paramref name="within"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what} did not happen within {within}; last: {(value is JsonElement json ? json.GetRawText() : value?.ToString())}");
            }

            await Task.Delay(200);
        }
    }

    public static string String(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static JsonElement? Find(this IEnumerable<JsonElement> items, string property, string value) =>
        items.Cast<JsonElement?>().FirstOrDefault(item => item!.Value.GetProperty(property).GetString() == value);
}

/// <summary>The control API's tests run one after another: each starts real hosts and real clients on a shared machine.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection
{
    public const string Name = "api";
}
