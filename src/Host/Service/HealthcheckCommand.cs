using System.CommandLine;

namespace MediaActors.Host.Service;

/// <summary>
/// `mediaactors healthcheck`: one HTTP GET of a node's probe, exit code 0 on a 2xx answer and 1
/// otherwise. A container's HEALTHCHECK runs it, so that the image needs no curl or wget (and
/// their libraries) for the one request.
/// </summary>
public static class HealthcheckCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8888/healthz";

    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = $"The probe to ask (default {DefaultUrl}; /readyz to require readiness)", DefaultValueFactory = _ => DefaultUrl };
        url.Validators.Add(result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                result.AddError("--url must be an absolute http:// or https:// URL.");
            }
        });
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the answer (default 5)", DefaultValueFactory = _ => 5 };
        var command = new Command("healthcheck", "Ask a node's HTTP probe once: exit code 0 when it answers 2xx, 1 otherwise (for a container's HEALTHCHECK).") { url, timeout };
        command.SetAction((result, cancellation) => RunAsync(new Uri(result.GetValue(url)!), TimeSpan.FromSeconds(result.GetValue(timeout)), cancellation));
        return command;
    }

    private static async Task<int> RunAsync(Uri url, TimeSpan timeout, CancellationToken cancellation)
    {
        using var client = new HttpClient { Timeout = timeout };
        try
        {
            using var response = await client.GetAsync(url, cancellation);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync($"mediaactors healthcheck: {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            return 1;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"mediaactors healthcheck: {url} did not answer: {error.Message}");
            return 1;
        }
    }
}
