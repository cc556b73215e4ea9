using System.Collections;
using Akka.Event;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace MediaActors.Host.Logging;

/// <summary>
/// An Akka log event as the state of a Microsoft log entry: the message alone (no level, time,
/// thread or source written into it), the Akka log source (the actor path, or a name such as
/// <c>CoordinatedShutdown</c>), and as properties the template's arguments, <c>LogSource</c> and
/// <c>{OriginalFormat}</c>, which the JSON log writes under <c>State</c>.
/// </summary>
public sealed class AkkaLogEvent : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _properties;

    public AkkaLogEvent(string source, string message, string template, IEnumerable<KeyValuePair<string, object?>> arguments)
    {
        Source = source;
        Message = message;
        _properties = [.. arguments, new("LogSource", source), new("{OriginalFormat}", template)];
    }

    /// <summary>The Akka log source: the actor path, or the name the logging object gave.</summary>
    public string Source { get; }

    public string Message { get; }

    public int Count => _properties.Length;

    public KeyValuePair<string, object?> this[int index] => _properties[index];

    /// <summary>Logs <paramref name="logEvent"/> with <paramref name="logger"/> at its level, its cause as the exception.</summary>
    public static void Log(ILogger logger, LogEvent logEvent)
    {
        var level = LevelOf(logEvent.LogLevel());
        if (logger.IsEnabled(level))
        {
            logger.Log(level, default, From(logEvent), logEvent.Cause, static (state, _) => state.Message);
        }
    }

    public static AkkaLogEvent From(LogEvent logEvent)
    {
        var source = logEvent.LogSource ?? "";
        try
        {
            var arguments = logEvent.TryGetProperties(out var properties) && properties is not null
                ? properties.Select(property => new KeyValuePair<string, object?>(property.Key, property.Value))
                : [];
            return new AkkaLogEvent(source, logEvent.Message?.ToString() ?? "", logEvent.GetTemplate(), arguments.ToList());
        }
        catch (Exception error) when (logEvent.Message is LogMessage malformed)
        {
            // A template whose arguments do not fit it: say so rather than lose the entry.
            var arguments = string.Join(", ", malformed.Parameters().Select(argument => argument?.ToString()));
            return new AkkaLogEvent(source, $"(a log message that could not be formatted: {error.Message}) {malformed.Format} [{arguments}]", malformed.Format, []);
        }
    }

    public static LogLevel LevelOf(Akka.Event.LogLevel level) => level switch
    {
        Akka.Event.LogLevel.DebugLevel => LogLevel.Debug,
        Akka.Event.LogLevel.InfoLevel => LogLevel.Information,
        Akka.Event.LogLevel.WarningLevel => LogLevel.Warning,
        Akka.Event.LogLevel.ErrorLevel => LogLevel.Error,
        _ => LogLevel.None,
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_properties).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;
}
