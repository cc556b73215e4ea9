using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Configuration;
using MediaActors.Testing;

namespace MediaActors.BoardFleet;

/// <summary>Starts the boards, reports each (<see cref="FleetEvents"/>), feeds them, and stops them all when told to.</summary>
public static class Fleet
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(FleetOptions options, CancellationToken stop)
    {
        var settings = options.ConfigFile is { } file ? ConfigurationFactory.ParseString(await File.ReadAllTextAsync(file, stop)) : Config.Empty;
        // Encoded once, before the first board starts, so that no board's start time includes ffmpeg.
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        Console.Error.WriteLine($"boardfleet: {accessUnits.Count} access units of {EncodedTestStream.Width}x{EncodedTestStream.Height} H.264; starting {options.Boards} boards");

        var boards = new ConcurrentBag<FleetBoard>();
        var feed = new FleetFeed(accessUnits);
        // Every board's actors, timers and sockets share this process's thread pool: its backlog is
        // the first sign that the machine cannot host this many boards (pings then go unanswered).
        using var health = new Timer(_ => Console.Error.WriteLine(
            $"boardfleet: {DateTime.UtcNow:HH:mm:ss.fff} {boards.Count} boards; thread pool {ThreadPool.ThreadCount} threads, " +
            $"{ThreadPool.PendingWorkItemCount} work items queued, {ThreadPool.CompletedWorkItemCount} done"), null, HealthInterval, HealthInterval);
        try
        {
            await StartAllAsync(options, settings, feed, boards, stop);
            FleetEvents.Ready(boards.Count);
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Told to stop.
        }
        finally
        {
            Console.Error.WriteLine($"boardfleet: stopping {boards.Count} boards");
            await feed.DisposeAsync();
            var stopped = Task.WhenAll(boards.Select(board => board.DisposeAsync().AsTask()));
            if (await Task.WhenAny(stopped, Task.Delay(StopTimeout)) != stopped)
            {
                Console.Error.WriteLine($"boardfleet: not every board stopped within {StopTimeout.TotalSeconds:0} s; exiting anyway");
            }
        }
        return 0;
    }

    /// <summary>
    /// Board i starts (i - 1) start-intervals after the first, or later when StartParallelism
    /// boards are still being created; creating an actor system takes a core for a moment.
    /// </summary>
    private static async Task StartAllAsync(FleetOptions options, Config settings, FleetFeed feed, ConcurrentBag<FleetBoard> boards,
        CancellationToken stop)
    {
        using var slots = new SemaphoreSlim(options.StartParallelism);
        var clock = Stopwatch.StartNew();
        var starts = new List<Task>();
        for (var index = 1; index <= options.Boards; index++)
        {
            var due = options.StartInterval * (index - 1) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, stop);
            }

            await slots.WaitAsync(stop);
            var name = options.NameOf(index);
            var port = options.PortBase + index;
            starts.Add(Task.Run(() =>
            {
                try
                {
                    FleetEvents.Starting(name);
                    var board = FleetBoard.Start(name, port, options.Seeds, options.Session, settings, () => FleetEvents.Up(name),
                        downed => FleetEvents.Stopped(name, downed));
                    boards.Add(board);
                    feed.Add(board);
                    FleetEvents.Started(name, board.ClusterPort);
                }
                finally
                {
                    slots.Release();
                }
            }, stop));
        }
        await Task.WhenAll(starts);
    }
}
