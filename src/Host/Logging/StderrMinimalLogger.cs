using Akka.Event;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaActors.Host.Logging;

/// <summary>
/// Akka's logger for the moments no logger actor runs: while the actor system starts its loggers,
/// and after it stopped them at shutdown (<c>akka.stdout-logger-class</c>). Akka's own writes to
/// stdout, which here carries only the URL line; this one hands the event to the host's logging
/// once an <see cref="AkkaLogBridge"/> has started (Akka gives a minimal logger no access to the
/// actor system or its services, hence the static), and before that, or after the host's logging
/// is gone, writes it to stderr in the text format.
/// </summary>
public sealed class StderrMinimalLogger : MinimalLogger
{
    private static readonly SingleLineConsoleFormatter Text = new();
    private static ILoggerFactory? s_factory;

    internal static void UseFactory(ILoggerFactory factory) => Volatile.Write(ref s_factory, factory);

    protected override void Log(object message)
    {
        if (message is not LogEvent logEvent)
        {
            return;
        }

        if (Volatile.Read(ref s_factory) is { } factory)
        {
            try
            {
                AkkaLogEvent.Log(factory.CreateLogger(AkkaLogBridge.CategoryOf(logEvent.LogClass)), logEvent);
                return;
            }
            catch (ObjectDisposedException)
            {
                // The host has ended; stderr is still there.
            }
        }

        var state = AkkaLogEvent.From(logEvent);
        var entry = new LogEntry<AkkaLogEvent>(AkkaLogEvent.LevelOf(logEvent.LogLevel()), AkkaLogBridge.CategoryOf(logEvent.LogClass), default,
            state, logEvent.Cause, static (state, _) => state.Message);
        using var line = new StringWriter();
        Text.Write(entry, null, line);
        Console.Error.Write(line.ToString());
    }
}
