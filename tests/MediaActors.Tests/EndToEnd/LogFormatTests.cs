using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

/// <summary>
/// The log of a real `serve` on stderr: one line per entry (time, level, source, message) with
/// only an exception's lines after it, or with `--log-format json` one JSON object per line.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed partial class LogFormatTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Serve_logs_one_line_per_entry_and_only_an_exceptions_lines_follow_it_indented()
    {
        var httpPort = ServeProcess.FreeTcpPort();
        await using var serve = await ServeProcess.StartAsync("--width", "320", "--height", "240", "--http-port", httpPort.ToString());
        Assert.True(await serve.WaitForLogAsync("Listening for RTSP", Within), serve.Log);
        // An encoder that dies is an error entry with an exception.
        Process.GetProcessById(Assert.Single(serve.EncoderProcessIds())).Kill();
        Assert.True(await serve.WaitForLogAsync("Encoder restarted after", Within), serve.Log);
        Assert.True(await serve.TerminateAsync(), serve.Log);

        var lines = serve.Log.Split('\n');
        Assert.Matches(Entry(), lines[0]);
        var exceptions = 0;
        for (var index = 0; index < lines.Length; index++)
        {
            if (Entry().IsMatch(lines[index]))
            {
                continue;
            }

            // Not an entry: an exception's line, indented, under an entry or under another of its lines.
            Assert.True(lines[index].StartsWith("    ", StringComparison.Ordinal), $"line {index + 1} is neither an entry nor an exception's:\n{serve.Log}");
            if (Entry().IsMatch(lines[index - 1]))
            {
                Assert.Matches(ExceptionType(), lines[index]);
                exceptions++;
            }
        }

        Assert.True(exceptions > 0, serve.Log);
        Assert.Contains(lines, line => line.Contains(" INFO  /user/rtsp-listener-1 Listening for RTSP on 127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains($" INFO  HttpServer HTTP server on 127.0.0.1:{httpPort}", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains(" ERROR /user/camera/encoder ", StringComparison.Ordinal));
        // Akka's own rendering of an event (level, time, thread, source in brackets) is not in the message.
        Assert.DoesNotContain(lines, line => line.Contains("][Thread ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_log_format_json_every_line_is_an_object_with_time_level_category_message_and_arguments()
    {
        var httpPort = ServeProcess.FreeTcpPort();
        await using var serve = await ServeProcess.StartAsync("--width", "320", "--height", "240", "--http-port", httpPort.ToString(), "--log-format", "json");
        Assert.True(await serve.WaitForLogAsync("Listening for RTSP", Within), serve.Log);
        Assert.True(await serve.TerminateAsync(), serve.Log);

        var entries = serve.Log.Split('\n').Select(line =>
        {
            try
            {
                using var json = JsonDocument.Parse(line);
                return json.RootElement.Clone();
            }
            catch (JsonException error)
            {
                Assert.Fail($"not a JSON object ({error.Message}): {line}");
                throw;
            }
        }).ToList();

        Assert.True(entries.Count >= 5, serve.Log);
        Assert.All(entries, entry =>
        {
            Assert.Matches(UtcTime(), entry.GetProperty("Timestamp").GetString());
            Assert.Contains(entry.GetProperty("LogLevel").GetString(), new[] { "Debug", "Information", "Warning", "Error", "Critical" });
            Assert.False(string.IsNullOrEmpty(entry.GetProperty("Category").GetString()));
            Assert.DoesNotContain("][Thread ", entry.GetProperty("Message").GetString(), StringComparison.Ordinal);
        });
        var http = Assert.Single(entries, entry => entry.GetProperty("Category").GetString() == "MediaActors.Host.Http.HttpServer");
        Assert.Equal(httpPort, http.GetProperty("State").GetProperty("Port").GetInt32());
        var listening = Assert.Single(entries, entry => entry.GetProperty("Message").GetString()!.StartsWith("Listening for RTSP on 127.0.0.1:", StringComparison.Ordinal));
        Assert.Equal("MediaActors.Connections.RtspListenerActor", listening.GetProperty("Category").GetString());
        Assert.Equal("akka://mediaactors/user/rtsp-listener-1", listening.GetProperty("State").GetProperty("LogSource").GetString());
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("board")]
    [InlineData("relay")]
    public async Task A_log_format_there_is_not_exits_2_naming_the_option(string command)
    {
        var result = await ServeProcess.RunCommandToExitAsync(TimeSpan.FromSeconds(30), command, "--log-format", "xml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--log-format 'xml' is not a log format: use text or json", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_format_there_is_not_in_the_configuration_exits_2_naming_the_key()
    {
        var config = Path.Combine(Path.GetTempPath(), $"mediaactors-test-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(config, "mediaactors.log-format = yaml");
        try
        {
            var result = await ServeProcess.RunToExitAsync(TimeSpan.FromSeconds(30), "--config", config);

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("mediaactors.log-format = 'yaml' is not a log format", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (TRACE|DEBUG|INFO |WARN |ERROR|CRIT ) \S+ \S.*$")]
    private static partial Regex Entry();

    [GeneratedRegex(@"^    [\w.`+]+(Exception|Error)\b")]
    private static partial Regex ExceptionType();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")]
    private static partial Regex UtcTime();
}
