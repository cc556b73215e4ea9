using System.Text.RegularExpressions;
using MediaActors.Delivery;
using MediaActors.Host;
using Microsoft.Extensions.Logging;

namespace MediaActors.Tests.Host;

/// <summary>The performance summary every 10 s: one line, in the form the benchmark reads.</summary>
public sealed partial class PerformanceLogTests
{
    /// <summary>bench/run.py reads the send latency and GC pauses from this line (its PERFORMANCE expression, copied here).</summary>
    [Fact]
    public void The_summary_is_one_line_the_benchmark_parses_and_none_is_logged_for_nothing()
    {
        var logger = new RecordingLogger();
        var sends = new LatencySummary(9000, TimeSpan.FromMicroseconds(412), TimeSpan.FromMicroseconds(1250), TimeSpan.FromMicroseconds(2500), TimeSpan.FromMicroseconds(3104.6));
        var pauses = new LatencySummary(2, TimeSpan.FromMicroseconds(900), TimeSpan.FromMicroseconds(1800), TimeSpan.FromMicroseconds(1800), TimeSpan.FromMicroseconds(1800));
        var none = new LatencySummary(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

        PerformanceLog.Log(logger, TimeSpan.FromSeconds(10), sends, pauses);
        PerformanceLog.Log(logger, TimeSpan.FromSeconds(10), none, pauses);
        PerformanceLog.Log(logger, TimeSpan.FromSeconds(10), none, none);

        Assert.Equal(2, logger.Messages.Count);
        var match = BenchPerformanceLine().Match(logger.Messages[0]);
        Assert.True(match.Success, logger.Messages[0]);
        Assert.Equal(["0.412", "1.25", "2.5", "3.105", "9000", "2", "1.8"], match.Groups.Values.Skip(1).Select(group => group.Value));
        Assert.Equal("Performance over 10 s: send latency p50 0 ms, p99 0 ms, p99.9 0 ms, max 0 ms (0 samples); GC pauses 2, longest 1.8 ms", logger.Messages[1]);
        Assert.Matches(BenchPerformanceLine(), logger.Messages[1]);
    }

    [GeneratedRegex(@"Performance over \d+ s: send latency p50 ([\d.]+) ms, p99 ([\d.]+) ms, p99\.9 ([\d.]+) ms, max ([\d.]+) ms \((\d+) samples\); GC pauses (\d+), longest ([\d.]+) ms")]
    private static partial Regex BenchPerformanceLine();

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
