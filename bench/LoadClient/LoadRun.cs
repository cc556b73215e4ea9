using System.Diagnostics;
using MediaActors.LoadClient.WebSocket;

namespace MediaActors.LoadClient;

/// <summary>
/// One load run: after the warm-up client if any, sets up <see cref="LoadOptions.Clients"/>
/// clients at up to the connect rate, measures all of them for the duration once the last has
/// started and the settling time has passed (failed ones included, as not served), then tears
/// every one down. Everything runs on
/// async sockets in this process: no thread and no process per client.
/// </summary>
public static class LoadRun
{
    /// <param name="log">Progress lines (stderr for the command line).</param>
    /// <param name="cancellation">Ends the measuring early (Ctrl+C); the clients are still torn down and the result covers the time measured.</param>
    public static async Task<LoadResult> RunAsync(LoadOptions options, TextWriter log, CancellationToken cancellation = default)
    {
        if (options.WarmUp > TimeSpan.Zero)
        {
            await WarmUpAsync(options, log, cancellation);
        }

        var errors = new ErrorLog();
        var sessions = Enumerable.Range(1, options.Clients).Select(number => Create(number, options, errors)).ToArray();
        using var stopKeepAlive = new CancellationTokenSource();
        var keepAlive = KeepAliveAsync(sessions, options.KeepAliveInterval, stopKeepAlive.Token);
        try
        {
            var setup = Stopwatch.StartNew();
            await StartPacedAsync(sessions, options.ConnectRate, cancellation);
            Log(log, $"{sessions.Count(session => session.IsPlaying)}/{sessions.Length} {options.Transport.ToString().ToLowerInvariant()} clients playing after {setup.Elapsed.TotalSeconds:0.0} s; measuring for {options.Duration.TotalSeconds:0.#} s{(options.Settle > TimeSpan.Zero ? $" after {options.Settle.TotalSeconds:0.#} s" : "")}");
            LogReceiveBuffer(log, options, sessions);
            var tls = sessions.Select(session => session.NegotiatedTls).FirstOrDefault(negotiated => negotiated is not null);
            if (tls is not null)
            {
                Log(log, $"TLS: {tls}");
            }
            if (options.Settle > TimeSpan.Zero)
            {
                await Task.Delay(options.Settle, cancellation);
            }

            // The bench runner samples the server's CPU and memory between these two marker lines.
            log.WriteLine("MEASURING");
            log.Flush();
            var start = Snapshot(sessions);
            var measuring = Stopwatch.StartNew();
            try
            {
                await Task.Delay(options.Duration, cancellation);
            }
            catch (OperationCanceledException)
            {
                Log(log, $"interrupted after {measuring.Elapsed.TotalSeconds:0.0} s of measuring");
            }
            var end = Snapshot(sessions);
            var windowEnd = Stopwatch.GetTimestamp();
            log.WriteLine("MEASURED");
            log.Flush();
            var seconds = measuring.Elapsed.TotalSeconds;

            var clients = sessions.Select((session, index) => ClientMeasurement.Of(session, start[index], end[index], windowEnd)).ToList();
            ReportProblems(sessions, errors);
            await Task.WhenAll(sessions.Select(session => session.TeardownAsync()));
            Log(log, "torn down");
            return LoadResult.Of(options, tls, clients, seconds, errors);
        }
        finally
        {
            await stopKeepAlive.CancelAsync();
            await keepAlive;
            await Task.WhenAll(sessions.Select(session => session.DisposeAsync().AsTask()));
        }
    }

    private static IStreamClient Create(int number, LoadOptions options, ErrorLog errors) =>
        options.Transport == StreamTransport.WebSocket ? new WebSocketViewer(number, options, errors) : new LoadSession(number, options, errors);

    /// <summary>One client plays for <see cref="LoadOptions.WarmUp"/> and leaves; what went wrong with it is logged, not counted.</summary>
    private static async Task WarmUpAsync(LoadOptions options, TextWriter log, CancellationToken cancellation)
    {
        var errors = new ErrorLog();
        await using var client = Create(0, options, errors);
        await client.StartAsync(cancellation);
        try
        {
            await Task.Delay(options.WarmUp, cancellation);
        }
        catch (OperationCanceledException)
        {
            // Interrupted: the run that follows measures nothing either.
        }

        await client.TeardownAsync();
        var problems = errors.Count == 0 ? "" : ": " + string.Join("; ", errors.First);
        Log(log, $"warm-up client received {client.Statistics.Snapshot().Packets} packets in {options.WarmUp.TotalSeconds:0.#} s and left{problems}");
    }

    /// <summary>Starts one client every 1/rate seconds (on a fixed schedule, so slow setups do not slow the rate) and waits until every one has played or failed.</summary>
    private static async Task StartPacedAsync(IStreamClient[] sessions, double perSecond, CancellationToken cancellation)
    {
        var starting = new List<Task>(sessions.Length);
        var clock = Stopwatch.StartNew();
        for (var index = 0; index < sessions.Length && !cancellation.IsCancellationRequested; index++)
        {
            var due = TimeSpan.FromSeconds(index / perSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, CancellationToken.None);
            }

            starting.Add(sessions[index].StartAsync(cancellation));
        }
        await Task.WhenAll(starting);
    }

    private static async Task KeepAliveAsync(IStreamClient[] sessions, TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await Task.WhenAll(sessions.Select(session => session.KeepAliveAsync()));
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private static ReceiveSnapshot[] Snapshot(IStreamClient[] sessions) => sessions.Select(session => session.Statistics.Snapshot()).ToArray();

    private static void ReportProblems(IStreamClient[] sessions, ErrorLog errors)
    {
        for (var index = 0; index < sessions.Length; index++)
        {
            if (sessions[index].Statistics.Problem is { } problem)
            {
                errors.Add($"client {index + 1}: {problem}");
            }
        }
    }

    /// <summary>The kernel may grant less than was asked (net.core.rmem_max); the client only reports it, it never raises the limit.</summary>
    private static void LogReceiveBuffer(TextWriter log, LoadOptions options, IStreamClient[] sessions)
    {
        if (sessions.Select(session => session.GrantedReceiveBufferBytes).FirstOrDefault(granted => granted is not null) is { } granted)
        {
            Log(log, $"receive buffer per client: asked {options.ReceiveBufferBytes} bytes, the kernel reports {granted} (Linux reports twice the usable size)");
        }
    }

    private static void Log(TextWriter log, string line) => log.WriteLine("loadclient: " + line);
}
