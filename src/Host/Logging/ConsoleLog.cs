using System.Text.Encodings.Web;
using System.Text.Json;
using Akka.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace MediaActors.Host.Logging;

/// <summary>How the log is written to stderr: <c>text</c>, one line per entry, or <c>json</c>, one object per line.</summary>
public enum LogFormat
{
    Text,
    Json,
}

/// <summary>
/// The console log of a host: its format (<c>mediaactors.log-format</c>, <c>--log-format</c>) and
/// its level (<c>akka.loglevel</c>, which is the whole process's, not only the actors').
/// </summary>
public sealed record ConsoleLogSettings(LogFormat Format, LogLevel MinimumLevel)
{
    public const string FormatKey = "mediaactors.log-format";

    public static readonly ConsoleLogSettings Default = new(LogFormat.Text, LogLevel.Information);

    /// <summary>The names <c>--log-format</c> and <c>mediaactors.log-format</c> take.</summary>
    public static IReadOnlyList<string> FormatNames { get; } = ["text", "json"];

    /// <exception cref="ConfigurationException">The format or level is not one there is.</exception>
    public static ConsoleLogSettings FromConfig(Config config)
    {
        var formatName = config.GetString(FormatKey, "text");
        if (!TryParseFormat(formatName, out var format))
        {
            throw new ConfigurationException($"{FormatKey} = '{formatName}' is not a log format: use {string.Join(" or ", FormatNames)}.");
        }

        var levelName = config.GetString("akka.loglevel", "INFO");
        var level = levelName.ToUpperInvariant() switch
        {
            "DEBUG" => LogLevel.Debug,
            "INFO" => LogLevel.Information,
            "WARNING" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "OFF" => LogLevel.None,
            _ => throw new ConfigurationException($"akka.loglevel = '{levelName}' is not a log level: use DEBUG, INFO, WARNING, ERROR or OFF."),
        };
        return new ConsoleLogSettings(format, level);
    }

    public static bool TryParseFormat(string? name, out LogFormat format)
    {
        (var known, format) = name?.ToLowerInvariant() switch
        {
            "text" => (true, LogFormat.Text),
            "json" => (true, LogFormat.Json),
            _ => (false, LogFormat.Text),
        };
        return known;
    }
}

/// <summary>The one place console logging is set up, for the host and for its HTTP server's own web application.</summary>
public static class ConsoleLog
{
    /// <summary>Logs to stderr (stdout carries only the URL line that scripts and tests read) in <paramref name="settings"/>'s format, from its level up.</summary>
    public static ILoggingBuilder AddTo(ILoggingBuilder logging, ConsoleLogSettings settings)
    {
        logging.AddConsole(console =>
        {
            console.LogToStandardErrorThreshold = LogLevel.Trace;
            console.FormatterName = settings.Format == LogFormat.Json ? ConsoleFormatterNames.Json : SingleLineConsoleFormatter.FormatterName;
        });
        logging.AddConsoleFormatter<SingleLineConsoleFormatter, ConsoleFormatterOptions>();
        // The built-in JSON formatter already writes what log collectors (journald, Loki) want: one
        // object per line with Timestamp, LogLevel, Category, Message, Exception (on one line) and the
        // template's arguments under State.
        logging.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            // Logs are not HTML: '<', '>', '&' and non-ASCII letters stay as they are.
            json.JsonWriterOptions = new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        });
        logging.SetMinimumLevel(settings.MinimumLevel);
        return logging;
    }
}
