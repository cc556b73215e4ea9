using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace MediaActors.Host.Logging;

/// <summary>
/// The text log: one line per entry, <c>2026-12-04T10:15:02.123Z INFO  HttpServer message</c>
/// (UTC time to the millisecond, the level in five columns, a short source, the message). Line
/// breaks inside a message become " | ", so a line that does not start with a time is always part
/// of the entry above: an exception, each of its lines indented by four spaces.
/// </summary>
public sealed class SingleLineConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "mediaactors-single-line";

    private const string ExceptionIndent = "    ";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        textWriter.Write(' ');
        textWriter.Write(LevelName(logEntry.LogLevel));
        textWriter.Write(' ');
        // An Akka event's category is its class; the actor it came from says more.
        textWriter.Write(ShortSource(logEntry.State is AkkaLogEvent akka ? akka.Source : logEntry.Category));
        textWriter.Write(' ');
        WriteOneLine(textWriter, message ?? "");
        textWriter.Write('\n');
        if (logEntry.Exception is { } exception)
        {
            foreach (var line in Lines(exception.ToString()))
            {
                textWriter.Write(ExceptionIndent);
                textWriter.Write(line);
                textWriter.Write('\n');
            }
        }
    }

    /// <summary>Five columns, so that sources and messages line up.</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO ",
        LogLevel.Warning => "WARN ",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "CRIT ",
        _ => "NONE ",
    };

    /// <summary>
    /// A source short enough to read and one word long: an actor path without its node's address
    /// (<c>akka.tcp://mediaactors@10.0.0.5:4053/user/relay</c> is <c>/user/relay</c>; every actor
    /// of a log is on that node), else the last segment of a category or class name
    /// (<c>MediaActors.Host.Http.HttpServer</c> is <c>HttpServer</c>) before any argument list or
    /// remark (<c>CoordinatedShutdown (akka://mediaactors)</c> is <c>CoordinatedShutdown</c>).
    /// </summary>
    public static string ShortSource(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return "-";
        }

        var scheme = source.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && source.StartsWith("akka", StringComparison.Ordinal) && !source[..scheme].Any(char.IsWhiteSpace))
        {
            var path = source.IndexOf('/', scheme + 3);
            return path > 0 ? WithoutWhiteSpace(source[path..]) : WithoutWhiteSpace(source);
        }

        var end = source.IndexOfAny([' ', '\t', '(', '<', '[', '`']);
        var name = end > 0 ? source[..end] : source;
        var lastDot = name.TrimEnd('.').LastIndexOf('.');
        return WithoutWhiteSpace(lastDot >= 0 ? name[(lastDot + 1)..] : name);
    }

    private static string WithoutWhiteSpace(string text) =>
        text.Any(char.IsWhiteSpace) ? string.Concat(text.Select(c => char.IsWhiteSpace(c) ? '_' : c)) : text;

    /// <summary>The message's lines (an ffmpeg error quotes ffmpeg's), joined by " | ".</summary>
    private static void WriteOneLine(TextWriter textWriter, string message)
    {
        if (message.IndexOfAny(['\r', '\n']) < 0)
        {
            textWriter.Write(message);
            return;
        }

        var first = true;
        foreach (var line in Lines(message))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (!first)
            {
                textWriter.Write(" | ");
            }

            textWriter.Write(trimmed);
            first = false;
        }
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0);
}
