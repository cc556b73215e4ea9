using System.Net.Sockets;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote;
using MediaActors.Host.Logging;
using MediaActors.Host.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MediaActors.Host;

/// <summary>What every command's host has in common: logging to stderr, the actor system, how it stops, and what it tells a service manager.</summary>
public static class MediaActorsHost
{
    /// <summary>The actor system's name, the same on every node of a cluster (it is part of each node's address).</summary>
    public const string SystemName = "mediaactors";

    /// <summary>
    /// The host stops the actor system after its workers have ended; Akka's own exit hook would
    /// stop it underneath them. Set over every configuration.
    /// </summary>
    private const string ExitHookKey = "akka.coordinated-shutdown.run-by-clr-shutdown-hook";

    private const string ExitHookOrigin = "mediaactors itself (the host stops the actor system after its workers)";

    /// <summary><paramref name="config"/> with what the host sets over every configuration.</summary>
    public static Config WithHostSettings(Config config) => ConfigurationFactory.ParseString($"{ExitHookKey} = off").WithFallback(config);

    /// <summary><paramref name="config"/> with what the host sets over every configuration, and that origin.</summary>
    public static LayeredConfig WithHostSettings(LayeredConfig config) => config.With(ExitHookKey, "off", ExitHookOrigin);

    /// <summary>
    /// A host whose actor system runs with <paramref name="config"/>, logging as <paramref name="log"/>
    /// says; <paramref name="configureAkka"/> adds to it (actors, startup tasks).
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(Config config, ConsoleLogSettings log, Action<AkkaConfigurationBuilder>? configureAkka = null)
    {
        // Without the generic host's defaults: everything is configured in HOCON, and its default
        // appsettings.json source would watch the working directory and all below it for changes
        // (an inotify watch per directory: under a service, every recording directory) for a file
        // that is never there, and load a configuration and logging stack the node does not use.
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        ConsoleLog.AddTo(builder.Logging, log);
        builder.Services.AddSingleton(log);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddAkka(SystemName, akka =>
        {
            akka.AddHocon(config, HoconAddMode.Prepend);
            akka.AddHocon(WithHostSettings(ConfigurationFactory.Empty), HoconAddMode.Prepend);
            // Akka's events join the host's log as entries of their own (see AkkaLogBridge), and so do
            // those Akka logs while no logger runs (at start and at shutdown), which would go to stdout.
            akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLogger<AkkaLogBridge>();
            });
            akka.AddHocon($"akka.stdout-logger-class = \"{typeof(StderrMinimalLogger).AssemblyQualifiedName}\"", HoconAddMode.Prepend);
            configureAkka?.Invoke(akka);
        });
        // After the actor system's own hosted service, so that the watchdog's first check finds it started.
        builder.Services.AddServiceNotification();
        return builder;
    }

    /// <summary>Options or settings that cannot work: said on stderr, exit code 2, before anything starts.</summary>
    public static bool IsBadOptions(Exception error) =>
        error is ArgumentException or IOException or InvalidDataException or PlatformNotSupportedException or ConfigurationException;

    public static async Task<int> RefuseAsync(string command, Exception error)
    {
        await Console.Error.WriteLineAsync($"mediaactors {command}: {error.Message}");
        return 2;
    }

    /// <summary>
    /// Runs the host until it stops: the command's exit code (<paramref name="outcome"/>), or 1
    /// with one line naming the address (from <paramref name="config"/>) when the cluster transport
    /// cannot listen (another process holds the port, or the host is not this machine's),
    /// instead of the host's stack trace.
    /// </summary>
    public static async Task<int> RunAsync(IHost host, Config config, string command, ServeOutcome outcome)
    {
        if (HeapLimit.IsApplied)
        {
            // What the runtime now takes as its limit, not what was asked: proof that it applied.
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Memory").LogInformation(
                "The garbage-collected heap may hold at most {LimitMiB} MiB ({Key})", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024), HeapLimit.Key);
        }

        try
        {
            await host.RunAsync();
        }
        catch (Exception error) when (Cause<Http.HttpListenException>(error) is { } http)
        {
            await Console.Error.WriteLineAsync($"mediaactors {command}: {http.Message}");
            return 1;
        }
        catch (Exception error) when (Cause<RemoteTransportException>(error) is { } transport)
        {
            var socketError = Cause<SocketException>(error);
            var advice = socketError?.SocketErrorCode == SocketError.AddressAlreadyInUse ? "choose another --cluster-port" : "check --cluster-host";
            await Console.Error.WriteLineAsync(
                $"mediaactors {command}: cannot listen for cluster nodes on {config.GetString("akka.remote.dot-netty.tcp.hostname")}:" +
                $"{config.GetInt("akka.remote.dot-netty.tcp.port")} ({socketError?.Message ?? transport.Message}); {advice}");
            return 1;
        }
        return outcome.ExitCode;
    }

    private static T? Cause<T>(Exception error) where T : Exception => error switch
    {
        T found => found,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Cause<T>).FirstOrDefault(found => found is not null),
        _ => error.InnerException is { } inner ? Cause<T>(inner) : null,
    };
}
