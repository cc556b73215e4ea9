using System.CommandLine;
using Akka.Hosting;
using MediaActors.Configuration;
using MediaActors.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaActors.Host;

/// <summary>`mediaactors serve`: the K230 sample program on a PC (synthetic sensor, ffmpeg encoder, RTSP server).</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "RTSP port (rtspserver_init)", DefaultValueFactory = _ => 8554 };
        var session = new Option<string>("--session") { Description = "Session name, the URL path", DefaultValueFactory = _ => "test" };
        var codec = new Option<VideoType>("--codec") { Description = "Video codec", DefaultValueFactory = _ => VideoType.H264 };
        var audio = new Option<AudioType?>("--audio")
        {
            Description = "Add a live test tone as audio: pcmu (the K230 default when no value is given), pcma or aac",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var width = new Option<int?>("--width") { Description = "Sensor width in pixels (default 1280)" };
        var height = new Option<int?>("--height") { Description = "Sensor height in pixels (default 720)" };
        var fps = new Option<int?>("--fps") { Description = "Frames per second (default 30)" };
        var bitrate = new Option<int?>("--bitrate") { Description = "Encoder bitrate in kbit/s (default 2000)" };
        var gop = new Option<int?>("--gop") { Description = "Frames from one keyframe to the next (default 30)" };
        var bind = new Option<string?>("--bind") { Description = "Address to listen on (default 0.0.0.0, all interfaces)" };
        var advertise = new Option<string?>("--advertise") { Description = "Address to put into the printed URL" };
        var user = new Option<string?>("--user") { Description = "Require this user name (Digest or Basic authentication)" };
        var password = new Option<string?>("--password") { Description = "The password of --user" };
        var config = new Option<FileInfo?>("--config") { Description = "A HOCON file overriding hocon/mediaactors.conf" };
        var source = new Option<string>("--source")
        {
            Description = "Video source: synthetic (test pattern through ffmpeg), k230 (the board's sensor and encoder), or " +
                          "file:PATH (an Annex-B .h264/.h265 file played in a loop at its frame rate, --fps to override; its codec is the stream's)",
            DefaultValueFactory = _ => "synthetic",
        };

        var command = new Command("serve", "Stream a live test pattern over RTSP, as the K230 RTSP sample does with its camera.")
        {
            port, session, codec, audio, width, height, fps, bitrate, gop, bind, advertise, user, password, config, source,
        };
        command.SetAction(result => RunAsync(() => new ServeOptions(
            result.GetValue(port), result.GetValue(session)!, result.GetValue(codec), AudioOf(result, audio),
            result.GetValue(width), result.GetValue(height), result.GetValue(fps), result.GetValue(bitrate), result.GetValue(gop),
            result.GetValue(bind), result.GetValue(advertise), result.GetValue(user), result.GetValue(password), result.GetValue(config),
            ServeSource.Parse(result.GetValue(source)!))));
        return command;
    }

    /// <summary>`--audio` alone means G.711 µ-law, the K230's audio; `--audio aac` names the codec.</summary>
    private static AudioType? AudioOf(ParseResult result, Option<AudioType?> audio) =>
        result.GetResult(audio) is null ? null : result.GetValue(audio) ?? AudioType.Pcmu;

    private static async Task<int> RunAsync(Func<ServeOptions> parseOptions)
    {
        ServeOptions options;
        Akka.Configuration.Config config;
        RtspServerSettings rtspSettings;
        CameraSettings cameraSettings;
        OpenedSource source;
        try
        {
            options = parseOptions();
            config = options.ToConfig();
            rtspSettings = RtspServerSettings.FromConfig(config);
            cameraSettings = CameraSettings.FromConfig(config);
            // Refuse a bad size, rate, bitrate or GOP, or a source that cannot play, before anything starts.
            cameraSettings.EncoderSettings(Hardware.VideoCodec.H264).Validate();
            source = options.Source.Open(options.Codec, cameraSettings, options.Fps);
        }
        catch (Exception error) when (error is ArgumentException or IOException or InvalidDataException or PlatformNotSupportedException
                                          or Akka.Configuration.ConfigurationException)
        {
            await Console.Error.WriteLineAsync($"mediaactors serve: {error.Message}");
            return 2;
        }

        var outcome = new ServeOutcome();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        // stdout carries only the URL line (scripts and tests read it); logs go to stderr.
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddAkka("mediaactors", akka =>
        {
            akka.AddHocon(config, HoconAddMode.Prepend);
            // The host stops the actor system after the streaming loop has ended; Akka's own
            // exit hook would stop it underneath that loop.
            akka.AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
            akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(rtspSettings);
        builder.Services.AddSingleton(cameraSettings);
        builder.Services.AddSingleton(outcome);
        builder.Services.AddSingleton(source);
        builder.Services.AddHostedService<ServeWorker>();

        using (source)
        using (var host = builder.Build())
            await host.RunAsync();
        return outcome.ExitCode;
    }
}
