using System.Text.RegularExpressions;
using Akka.Event;
using MediaActors.Host.Http;
using MediaActors.Host.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace MediaActors.Tests.Host;

/// <summary>The text log: an entry is one line of time, level, source and message, and only an exception's lines follow it, indented.</summary>
public sealed partial class SingleLineConsoleFormatterTests
{
    [Fact]
    public void A_microsoft_entry_is_one_line_of_utc_time_level_the_categorys_last_segment_and_the_message()
    {
        var before = DateTime.UtcNow;
        var text = Format(LogLevel.Information, typeof(HttpServer).FullName!, "HTTP server on 127.0.0.1:8888");
        var after = DateTime.UtcNow;

        var match = Entry().Match(text);
        Assert.True(match.Success, text);
        Assert.Equal(text.Length, match.Length);
        Assert.Equal(("INFO ", "HttpServer", "HTTP server on 127.0.0.1:8888"), (match.Groups["level"].Value, match.Groups["source"].Value, match.Groups["message"].Value));
        var time = DateTime.Parse(match.Groups["time"].Value, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.InRange(time, before.AddMilliseconds(-1), after.AddMilliseconds(1));
    }

    [Fact]
    public void Every_level_takes_five_columns()
    {
        foreach (var level in new[] { LogLevel.Trace, LogLevel.Debug, LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Critical })
        {
            var text = Format(level, "Category", "message");
            Assert.Equal(' ', text[24]);
            Assert.Equal(5, SingleLineConsoleFormatter.LevelName(level).Length);
            Assert.StartsWith(SingleLineConsoleFormatter.LevelName(level) + " Category message", text[25..], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("akka://mediaactors/user/rtsp-listener-1", "/user/rtsp-listener-1")]
    [InlineData("akka.tcp://mediaactors@192.168.1.10:4053/system/cluster/core/daemon", "/system/cluster/core/daemon")]
    [InlineData("akka://mediaactors", "akka://mediaactors")]
    [InlineData("CoordinatedShutdown (akka://mediaactors)", "CoordinatedShutdown")]
    [InlineData("ActorSystem(mediaactors)", "ActorSystem")]
    [InlineData("EventStream", "EventStream")]
    [InlineData("Microsoft.Hosting.Lifetime", "Lifetime")]
    [InlineData("Microsoft.Extensions.Hosting.Internal.Host", "Host")]
    [InlineData("MediaActors.Host.Outer.Inner<MediaActors.Host.Argument>", "Inner")]
    [InlineData("", "-")]
    public void A_source_is_shortened_to_one_word(string source, string shortened) =>
        Assert.Equal(shortened, SingleLineConsoleFormatter.ShortSource(source));

    [Fact]
    public void An_akka_event_shows_the_actor_it_came_from_and_its_message_alone()
    {
        var logEvent = new Warning("akka.tcp://mediaactors@127.0.0.1:4054/user/camera", typeof(SingleLineConsoleFormatterTests),
            new TemplateMessage("Camera source failed ({0}); restarting it (restart {1})", "ffmpeg died", 1));
        var state = AkkaLogEvent.From(logEvent);

        var text = Format(LogLevel.Warning, AkkaLogBridge.CategoryOf(logEvent.LogClass), state);

        Assert.Equal("WARN  /user/camera Camera source failed (ffmpeg died); restarting it (restart 1)\n", text[25..]);
        Assert.Contains(new KeyValuePair<string, object?>("LogSource", "akka.tcp://mediaactors@127.0.0.1:4054/user/camera"), state);
        Assert.Contains(new KeyValuePair<string, object?>("1", 1), state);
        Assert.Equal("Camera source failed ({0}); restarting it (restart {1})", state.Single(property => property.Key == "{OriginalFormat}").Value);
        Assert.Equal(typeof(SingleLineConsoleFormatterTests).FullName, AkkaLogBridge.CategoryOf(logEvent.LogClass));
    }

    [Fact]
    public void Line_breaks_in_a_message_stay_on_its_line_and_an_exception_follows_indented()
    {
        Exception error;
        try
        {
            throw new InvalidOperationException("ffmpeg exited with code 1. It said:\nConversion failed!", new IOException("Broken pipe"));
        }
        catch (InvalidOperationException thrown)
        {
            error = thrown;
        }

        var text = Format(LogLevel.Error, "MediaActors.Pipeline.EncoderActor", "The encoder stopped: ffmpeg exited with code 1. It said:\r\nUnknown encoder\n\nConversion failed!", error);

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Matches(Entry(), lines[0]);
        Assert.EndsWith("ERROR EncoderActor The encoder stopped: ffmpeg exited with code 1. It said: | Unknown encoder | Conversion failed!", lines[0], StringComparison.Ordinal);
        Assert.Equal("    System.InvalidOperationException: ffmpeg exited with code 1. It said:", lines[1]);
        Assert.Equal("    Conversion failed!", lines[2]);
        Assert.Contains(lines, line => line.StartsWith("     ---> System.IO.IOException: Broken pipe", StringComparison.Ordinal));
        Assert.All(lines[1..], line => Assert.StartsWith("    ", line, StringComparison.Ordinal));
        Assert.Equal(error.ToString().Split('\n').Length + 1, lines.Length);
    }

    private static string Format(LogLevel level, string category, string message, Exception? exception = null) =>
        Write(new LogEntry<string>(level, category, default, message, exception, static (state, _) => state));

    private static string Format(LogLevel level, string category, AkkaLogEvent state) =>
        Write(new LogEntry<AkkaLogEvent>(level, category, default, state, null, static (state, _) => state.Message));

    private static string Write<TState>(LogEntry<TState> entry)
    {
        using var text = new StringWriter();
        new SingleLineConsoleFormatter().Write(entry, null, text);
        return text.ToString();
    }

    [GeneratedRegex(@"^(?<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (?<level>TRACE|DEBUG|INFO |WARN |ERROR|CRIT ) (?<source>\S+) (?<message>.*)\n?$")]
    private static partial Regex Entry();

    /// <summary>What an actor's <c>Log.Warning(template, arguments)</c> puts into its event.</summary>
    private sealed class TemplateMessage(string template, params object[] arguments) : LogMessage(SemanticLogMessageFormatter.Instance, template)
    {
        public override string ToString() => SemanticLogMessageFormatter.Instance.Format(Format, arguments);

        public override string Unformatted() => string.Join(", ", arguments);

        public override IEnumerable<object> Parameters() => arguments;
    }
}
