using System.Net;
using System.Text.Json.Serialization;
using Akka.Actor;
using MediaActors.Configuration;
using MediaActors.Host.Logging;
using MediaActors.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaActors.Host.Http;

/// <summary>
/// The HTTP server of serve, board and relay: Kestrel with minimal APIs on the RTSP bind address
/// and <c>mediaactors.http.port</c> (none when 0). It asks the actors for what it serves and tells
/// them what to do (<see cref="SessionEndpoints"/>); it holds no media state of its own.
/// </summary>
public sealed class HttpServer(
    ActorSystem system,
    RunningServer running,
    RtspServerSettings rtspSettings,
    ConsoleLogSettings log,
    ILogger<HttpServer> logger) : IHostedService, IAsyncDisposable
{
    private const long MaxRequestBodyBytes = 16 * 1024;
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var web = WebSettings.FromConfig(system.Settings.Config);
        if (web.Port == 0)
        {
            return;
        }

        // Its appsettings.json source stays (the slim builder has no way to leave it out) but reads
        // once instead of watching the content root, and the content root is the program's
        // directory, not wherever the node was started (see MediaActorsHost.CreateBuilder).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        // Its own log lines join the host's on stderr, in the same format; Kestrel's per-request
        // information is noise.
        builder.Logging.ClearProviders();
        ConsoleLog.AddTo(builder.Logging, log).SetMinimumLevel(log.MinimumLevel > LogLevel.Warning ? log.MinimumLevel : LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(rtspSettings.BindAddress, web.Port, listen => RtspTunnelConnections.UseOn(listen, running));
            // Nothing here takes more than a login form; a peer cannot make the server buffer more.
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddSingleton(system);
        builder.Services.AddSingleton(running);
        builder.Services.AddSingleton(new WebAuthentication(rtspSettings.Authentication));
        builder.Services.AddProblemDetails();
        // Numbers are numbers (the web defaults also read them from strings, which the OpenAPI
        // document would then type as "integer or string").
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        builder.Services.AddOpenApi(Api.ApiEndpoints.DocumentName, Api.ApiEndpoints.DescribeDocument);
        // Made at the first scrape: a node nobody scrapes runs nothing for its metrics.
        builder.Services.AddSingleton(services => new Metrics.NodeMetrics(system, running, web.MetricsAuth && rtspSettings.Authentication is not null,
            services.GetRequiredService<ILogger<Metrics.NodeMetrics>>()));
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        LoginEndpoints.Map(app);
        Api.ApiEndpoints.Map(app);
        Metrics.MetricsEndpoints.Map(app);
        Health.HealthEndpoints.Map(app);
        RecordingEndpoints.Map(app);
        DashboardEndpoints.Map(app);
        SessionEndpoints.Map(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException error)
        {
            // Kestrel's bind failures (address in use, not this machine's address) are IOExceptions.
            await app.DisposeAsync();
            throw new HttpListenException(
                $"cannot listen for HTTP on {rtspSettings.BindAddress}:{web.Port} ({error.Message}); choose another --http-port, or 0 for none", error);
        }

        _app = app;
        _ = HttpWarmUp.RunAsync(rtspSettings.BindAddress, web.Port);
        var pageHost = rtspSettings.BindAddress.Equals(IPAddress.Any) ? "localhost" : rtspSettings.BindAddress.ToString();
        // Each argument named once: the JSON log writes them as properties, and a name twice would be a key twice.
        logger.LogInformation("HTTP server on {Address}:{Port}: the dashboard is {Dashboard}, a session's player page {PlayerPage}",
            rtspSettings.BindAddress, web.Port, $"http://{pageHost}:{web.Port}/", $"http://{pageHost}:{web.Port}/<session>/");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }
}

/// <summary>The HTTP port cannot be listened on (in use, or not this machine's address).</summary>
public sealed class HttpListenException(string message, Exception inner) : IOException(message, inner);
