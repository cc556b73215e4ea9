using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Dispatch;
using MediaActors.Configuration;

namespace MediaActors.Tests.Dispatch;

/// <summary>
/// The media dispatcher's executor runs all the work it is given on its own threads, and a thread
/// that went to sleep for lack of work always wakes for the next piece (a lost wake-up would
/// stall media until more work came).
/// </summary>
public sealed class MediaThreadsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 30_000)]
    public async Task Work_from_four_threads_with_idle_gaps_all_runs_on_its_own_threads()
    {
        var executor = new MediaThreads("test-media", 2);
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
                            done.SetResult();
                    }));
                    // Now and then the workers run dry and sleep, so wake-ups are exercised.
                    if (i % 500 == p)
                        Thread.Sleep(2);
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
        var executor = new MediaThreads("test-media", 2);
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

    [Fact]
    public void A_dispatcher_needs_a_thread()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MediaThreads("test-media", 0));
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

    private sealed class ThreadNameActor : ReceiveActor
    {
        public ThreadNameActor() => Receive<string>(_ => Sender.Tell(Thread.CurrentThread.Name ?? ""));
    }
}
