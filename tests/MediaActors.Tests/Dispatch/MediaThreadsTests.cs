using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using MediaActors.Configuration;

namespace MediaActors.Tests.Dispatch;

/// <summary>
/// The media dispatcher's executor runs all the work it is given on its own threads, and a thread
/// that went to sleep for lack of work always wakes for the next piece (a lost wake-up would
/// stall media until more work came).
/// </summary>
public sealed class MediaThreadsTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly ConcurrentQueue<Exception> _unexpectedFailures = new();

    [Fact(Timeout = 30_000)]
    public async Task Work_from_four_threads_with_idle_gaps_all_runs_on_its_own_threads()
    {
        var executor = new MediaThreads("test-media", 2, _unexpectedFailures.Enqueue);
        try
        {
            const int perProducer = 5_000;
            var ran = 0;
            var threadNames = new ConcurrentDictionary<string, bool>();
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
            {
                for (var i = 0; i < perProducer; i++)
                {
                    executor.Execute(new ActionRunnable(() =>
                    {
                        threadNames.TryAdd(Thread.CurrentThread.Name ?? "", true);
                        if (Interlocked.Increment(ref ran) == 4 * perProducer)
                        {
                            done.SetResult();
                        }
                    }));
                    // Now and then the workers run dry and sleep, so wake-ups are exercised.
                    if (i % 500 == p)
                    {
                        Thread.Sleep(2);
                    }
                }
            })).ToArray();

            await Task.WhenAll(producers).WaitAsync(Deadline);
            await done.Task.WaitAsync(Deadline);

            Assert.Equal(4 * perProducer, Volatile.Read(ref ran));
            Assert.All(threadNames.Keys, name => Assert.StartsWith("test-media-", name, StringComparison.Ordinal));
        }
        finally
        {
            executor.Shutdown();
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Each_piece_of_work_given_to_sleeping_threads_runs()
    {
        var executor = new MediaThreads("test-media", 2, _unexpectedFailures.Enqueue);
        try
        {
            for (var i = 0; i < 300; i++)
            {
                var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                executor.Execute(new ActionRunnable(ran.SetResult));
                await ran.Task.WaitAsync(TimeSpan.FromSeconds(5));
                // Long enough for both threads to find the queue empty and sleep.
                await Task.Delay(1);
            }
        }
        finally
        {
            executor.Shutdown();
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Work_accepted_before_shutdown_still_runs_and_later_work_is_refused()
    {
        var executor = new MediaThreads("test-media", 1, _unexpectedFailures.Enqueue);
        var release = new ManualResetEventSlim();
        var ran = 0;
        var allRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        executor.Execute(new ActionRunnable(() => release.Wait(Deadline)));
        for (var i = 0; i < 10; i++)
        {
            executor.Execute(new ActionRunnable(() =>
            {
                if (Interlocked.Increment(ref ran) == 10)
                {
                    allRan.SetResult();
                }
            }));
        }

        executor.Shutdown();

        // The dispatcher hands refused work to the executor that replaces this one.
        Assert.Throws<RejectedExecutionException>(() => executor.Execute(new ActionRunnable(() => { })));
        release.Set();
        await allRan.Task.WaitAsync(Deadline);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_failing_piece_of_work_is_reported_and_the_thread_goes_on()
    {
        var failures = new ConcurrentQueue<Exception>();
        var executor = new MediaThreads("test-media", 1, failures.Enqueue);
        try
        {
            var after = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            executor.Execute(new ActionRunnable(() => throw new InvalidOperationException("boom")));
            executor.Execute(new ActionRunnable(after.SetResult));

            await after.Task.WaitAsync(Deadline);
            Assert.Equal("boom", Assert.Single(failures).Message);
        }
        finally
        {
            executor.Shutdown();
        }
    }

    [Fact]
    public void A_dispatcher_needs_a_thread()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MediaThreads("test-media", 0, _unexpectedFailures.Enqueue));
        Assert.Contains("at least one thread", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Actors_on_the_shipped_media_dispatcher_run_on_its_threads()
    {
        using var system = ActorSystem.Create("media-threads-test", MediaActorsConfig.Default);
        try
        {
            var actor = system.ActorOf(MediaDispatcher.On(Props.Create(() => new ThreadNameActor()), system));

            var name = await actor.Ask<string>("which thread?", TimeSpan.FromSeconds(10));

            Assert.StartsWith(MediaDispatcher.Id + "-", name, StringComparison.Ordinal);
        }
        finally
        {
            await system.Terminate().WaitAsync(Deadline);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task The_media_dispatcher_works_again_after_sitting_idle_past_its_shutdown_timeout()
    {
        // Akka shuts an idle dispatcher's executor down after shutdown-timeout and makes a new one
        // for the next actor.
        var config = ConfigurationFactory.ParseString($"{MediaDispatcher.Id}.shutdown-timeout = 100ms").WithFallback(MediaActorsConfig.Default);
        using var system = ActorSystem.Create("media-threads-test", config);
        try
        {
            var threads = new HashSet<int>();
            foreach (var round in Enumerable.Range(0, 3))
            {
                var actor = system.ActorOf(MediaDispatcher.On(Props.Create(() => new ThreadNameActor()), system));
                var name = await actor.Ask<string>("which thread?", TimeSpan.FromSeconds(10));
                Assert.StartsWith(MediaDispatcher.Id + "-", name, StringComparison.Ordinal);
                threads.Add(await actor.Ask<int>("which thread id?", TimeSpan.FromSeconds(10)));
                await actor.GracefulStop(TimeSpan.FromSeconds(10));
                // Ten times the shutdown-timeout: room for a loaded machine's scheduler.
                await Task.Delay(1000);
            }
            // At least one round ran on a new executor's threads (normally each of them does).
            Assert.True(threads.Count >= 2, $"the rounds ran on {threads.Count} executor(s)");
        }
        finally
        {
            await system.Terminate().WaitAsync(Deadline);
        }
    }

    /// <summary>Failures of work that should not fail; checked after each test (a worker thread must not throw).</summary>
    public void Dispose() => Assert.Empty(_unexpectedFailures);

    private sealed class ThreadNameActor : ReceiveActor
    {
        public ThreadNameActor() => Receive<string>(question => Sender.Tell(question == "which thread id?"
            ? Environment.CurrentManagedThreadId
            : Thread.CurrentThread.Name ?? ""));
    }
}
