using System.CommandLine;
using System.Net;
using Akka.Configuration;
using MediaActors.Cluster;
using MediaActors.Configuration;
using MediaActors.Host.Logging;
using MediaActors.Recording;
using MediaActors.Sources;
using MediaActors.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MediaActors.Host;

/// <summary>
/// `mediaactors relay`: a cluster node with the relay role and no hardware, serving every session
/// of every board of its cluster over RTSP (<see cref="RelayActor"/>).
/// </summary>
public static class RelayCommand
{
    public static Command Create()
    {
        var (command, parse) = Define();
        command.SetAction(result => RunAsync(() => parse(result)));
        return command;
    }

    /// <summary>
    /// `relay` and its options, without an action, and what a parse of them asks for: `relay` runs
    /// with it, `config show relay` prints its configuration.
    /// </summary>
    public static (Command Command, Func<ParseResult, (int Port, LayeredConfig Config)> Parse) Define()
    {
        var port = new Option<int>("--port") { Description = "RTSP port", DefaultValueFactory = _ => 8554 };
        var upstream = new Option<string?>("--upstream")
        {
            Description = "Pull every session from this relay (HOST:PORT, its cluster address) instead of from the boards: an edge relay fed by a core relay",
            HelpName = "HOST:PORT",
        };
        var redirectAbove = new Option<int?>("--redirect-above")
        {
            Description = "Above this many RTSP connections, answer DESCRIBE with a redirect (302) to the least loaded relay below its own limit (default 0: never)",
        };
        var cluster = new ClusterOptions(defaultPort: 4053);
        var rtsp = new RtspOptions();
        var command = new Command("relay", "Serve every session of every board of the cluster over RTSP, at rtsp://HOST:PORT/<board>/<session>.") { port, upstream, redirectAbove };
        cluster.AddTo(command);
        rtsp.AddTo(command);
        return (command, Parse);

        (int, LayeredConfig) Parse(ParseResult result)
        {
            var rtspPort = result.GetValue(port);
            if (rtspPort is < 0 or > IPEndPoint.MaxPort)
            {
                throw new ArgumentException($"--port {rtspPort} is not a TCP port (0-{IPEndPoint.MaxPort}).");
            }

            var overrides = cluster.Read(result).AddTo(new HoconOverrides());
            if (result.GetValue(upstream) is { } upstreamNode)
            {
                overrides.Set("mediaactors.relay.upstream", ClusterOptions.NodeAddress(upstreamNode, "--upstream"), "--upstream");
            }

            overrides.Set("mediaactors.relay.redirect-above", result.GetValue(redirectAbove), "--redirect-above");

            var layered = rtsp.Read(result).ToConfig(overrides, MediaActorsConfig.Relay);
            ClusterStart.Validate(layered.Config);
            return (rtspPort, layered);
        }
    }

    private static async Task<int> RunAsync(Func<(int Port, LayeredConfig Config)> parse)
    {
        RelayOptions options;
        Config config;
        ConsoleLogSettings log;
        try
        {
            (var port, var layered) = parse();
            config = layered.Config;
            log = ConsoleLogSettings.FromConfig(config);
            // Before the actor system allocates anything of its own.
            HeapLimit.Apply(HeapLimit.FromConfig(config));
            options = new RelayOptions(port, RtspServerSettings.FromConfig(config), RelaySettings.FromConfig(config), RtspSourceSettings.AllFromConfig(config));
            // Refused now rather than when the first session appears.
            _ = WebSettings.FromConfig(config);
            _ = RecordingSettings.FromConfig(config);
        }
        catch (Exception error) when (MediaActorsHost.IsBadOptions(error))
        {
            return await MediaActorsHost.RefuseAsync("relay", error);
        }

        var outcome = new ServeOutcome();
        var builder = MediaActorsHost.CreateBuilder(config, log, akka => ClusterStart.JoinSelfWithoutSeeds(akka, config));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Rtsp);
        builder.Services.AddSingleton(outcome);
        builder.Services.AddSingleton<Http.RunningServer>();
        builder.Services.AddHostedService<Http.HttpServer>();
        builder.Services.AddHostedService<RelayWorker>();
        builder.Services.AddHostedService<PerformanceLog>();
        using (var host = builder.Build())
        {
            return await MediaActorsHost.RunAsync(host, config, "relay", outcome);
        }
    }
}

/// <summary>What `relay` was asked to do.</summary>
/// <param name="Sources">Cameras the configuration names, pulled into sessions of the relay's own.</param>
public sealed record RelayOptions(int Port, RtspServerSettings Rtsp, RelaySettings Relay, IReadOnlyList<RtspSourceSettings> Sources);
