using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaActors.Host.Logging;

/// <summary>
/// The Akka logger of the host: every Akka log event becomes one entry of the host's
/// <see cref="ILoggerFactory"/>, so that actors log in the same format, to the same place and at
/// the same level as everything else.
/// </summary>
/// <remarks>
/// It replaces Akka.Hosting's <c>AddLoggerFactory()</c> bridge, which logs every event under the
/// one category <c>Akka.Actor.ActorSystem</c> with Akka's own rendering of the event as the
/// message (<c>[INFO][12/04/2026 10:15:02.123Z][Thread 0008][akka://mediaactors/user/camera] …</c>,
/// and the cause once more after it): a second time, level and source inside every line. Here the
/// message is the event's message alone and its cause the entry's exception; the category is the
/// class that logged (a bounded set: a category per actor path would grow the factory's logger
/// cache with every connection), and the actor path travels in the state
/// (<see cref="AkkaLogEvent.Source"/>), which the text log shows as the source and the JSON log
/// writes as <c>State.LogSource</c>.
/// </remarks>
public sealed class AkkaLogBridge : ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _factory;
    private readonly Dictionary<Type, ILogger> _loggers = [];

    public AkkaLogBridge()
    {
        _factory = DependencyResolver.For(Context.System).Resolver.GetService<ILoggerFactory>();
        StderrMinimalLogger.UseFactory(_factory);
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent logEvent:
                AkkaLogEvent.Log(LoggerFor(logEvent.LogClass), logEvent);
                return true;
            default:
                return false;
        }
    }

    private ILogger LoggerFor(Type? logClass)
    {
        var key = logClass ?? typeof(ActorSystem);
        if (!_loggers.TryGetValue(key, out var logger))
        {
            logger = _factory.CreateLogger(CategoryOf(logClass));
            _loggers[key] = logger;
        }

        return logger;
    }

    /// <summary>The class's name; Akka's stand-in class for sources that are only a name (its own services) is just "Akka".</summary>
    public static string CategoryOf(Type? logClass) =>
        logClass is null || logClass.Name == "DummyClassForStringSources" ? "Akka" : logClass.FullName ?? logClass.Name;
}
