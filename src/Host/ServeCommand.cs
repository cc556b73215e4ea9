using System.CommandLine;
using Akka.Configuration;
using Akka.Hosting;
using MediaActors.Configuration;
using MediaActors.Host.Logging;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;
using MediaActors.Recording;
using MediaActors.Sources;
using MediaActors.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MediaActors.Host;

/// <summary>`mediaactors serve`: the K230 sample program on a PC (synthetic sensor, ffmpeg encoder, RTSP server).</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var (command, parse) = Define();
        command.SetAction(result => RunAsync("serve", () => parse(result)));
        return command;
    }

    /// <summary>
    /// `serve` and its options, without an action, and what a parse of them asks for: `serve` runs
    /// with it, `config show serve` prints its configuration.
    /// </summary>
    public static (Command Command, Func<ParseResult, (ServeOptions Options, LayeredConfig Config)> Parse) Define()
    {
        var port = new Option<int>("--port") { Description = "RTSP port (rtspserver_init)", DefaultValueFactory = _ => 8554 };
        var stream = new StreamOptions();
        var command = new Command("serve", "Stream a live test pattern over RTSP, as the K230 RTSP sample does with its camera.") { port };
        stream.AddTo(command);
        return (command, Parse);

        (ServeOptions, LayeredConfig) Parse(ParseResult result)
        {
            var options = stream.Read(result, result.GetValue(port));
            return (options, options.ToConfig());
        }
    }

    /// <summary>
    /// Runs a streaming host (serve, or a board): parses and checks everything first (exit code 2
    /// on bad options or an unplayable source), then streams until stopped (0) or failed (1).
    /// </summary>
    public static async Task<int> RunAsync(string command, Func<(ServeOptions Options, LayeredConfig Config)> parse,
        Action<AkkaConfigurationBuilder, Config>? configureAkka = null)
    {
        ServeOptions options;
        LayeredConfig layered;
        Config config;
        RtspServerSettings rtspSettings;
        CameraSettings cameraSettings;
        OpenedSource source;
        ConfiguredSources sources;
        ConfiguredPushes pushes;
        ConsoleLogSettings log;
        try
        {
            (options, layered) = parse();
            config = layered.Config;
            log = ConsoleLogSettings.FromConfig(config);
            // Before the actor system allocates anything of its own.
            HeapLimit.Apply(HeapLimit.FromConfig(config));
            rtspSettings = RtspServerSettings.FromConfig(config);
            // Refused now rather than when the first session appears.
            _ = WebSettings.FromConfig(config);
            _ = RecordingSettings.FromConfig(config);
            cameraSettings = CameraSettings.FromConfig(config);
            // Refuse a bad size, rate, bitrate or GOP, or a source that cannot play, before anything starts.
            cameraSettings.EncoderSettings(Codec.H264).Validate();
            source = options.Source.Open(options.Codec, cameraSettings, options.Fps, options.Session, config);
            sources = new ConfiguredSources(SourcesReload.Checked(RtspSourceSettings.AllFromConfig(config), options.Session));
            pushes = ConfiguredPushes.From(options, config, sources.All.Select(configured => configured.SessionName));
        }
        catch (Exception error) when (MediaActorsHost.IsBadOptions(error))
        {
            return await MediaActorsHost.RefuseAsync(command, error);
        }

        var outcome = new ServeOutcome();
        var builder = MediaActorsHost.CreateBuilder(config, log, akka => configureAkka?.Invoke(akka, config));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(layered);
        builder.Services.AddSingleton(rtspSettings);
        builder.Services.AddSingleton(cameraSettings);
        builder.Services.AddSingleton(outcome);
        builder.Services.AddSingleton(source);
        builder.Services.AddSingleton(sources);
        builder.Services.AddSingleton(pushes);
        builder.Services.AddSingleton(new Http.RunningServer { ServesRtsp = source.Pull is not null || options.Listen });
        // Before the worker: a port taken is refused before anything streams.
        builder.Services.AddHostedService<Http.HttpServer>();
        builder.Services.AddHostedService<ServeWorker>();
        builder.Services.AddHostedService<PerformanceLog>();

        using (source)
        using (var host = builder.Build())
        {
            return await MediaActorsHost.RunAsync(host, config, command, outcome);
        }
    }
}
