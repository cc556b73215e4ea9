using System.Collections.Concurrent;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace MediaActors;

/// <summary>
/// The executor of the media dispatcher (<see cref="MediaDispatcher"/>): a few dedicated threads
/// that sleep in the kernel as soon as they run out of work. Akka's own dedicated pool (the
/// ForkJoinDispatcher) spins each idle thread through up to 50 <c>sched_yield</c> calls per
/// processor before it sleeps; media work comes in bursts 30 times a second, so its threads went
/// idle thousands of times a second and the spinning took a sixth of the server's CPU at 200 UDP
/// clients. Waking a sleeping thread costs one futex call, microseconds against a 33 ms frame.
/// </summary>
/// <remarks>
/// Akka shuts an idle dispatcher's executor down (after its shutdown-timeout) and makes a new one
/// when work comes again. Work this one accepted still runs after <see cref="Shutdown"/>; work
/// offered later is refused with <see cref="RejectedExecutionException"/>, which the dispatcher
/// takes as its cue to hand it to the new executor. Never both: a mailbox must not run twice.
/// </remarks>
public sealed class MediaThreads : ExecutorService
{
    private readonly ConcurrentQueue<IRunnable> _work = new();
    private readonly object _gate = new(); // a monitor, for Wait and Pulse
    private readonly Action<Exception> _reportFailure;

    /// <summary>Threads about to wait, or waiting, in <see cref="Monitor.Wait(object)"/> and not yet woken; changed under <see cref="_gate"/>.</summary>
    private int _sleeping;

    /// <summary><see cref="Execute"/> calls between checking <see cref="_stopping"/> and queueing.</summary>
    private int _accepting;

    private volatile bool _stopping;

    /// <summary>Set once no more work can be queued: the threads end when the queue is empty.</summary>
    private volatile bool _drained;

    public MediaThreads(string id, int threadCount, Action<Exception> reportFailure) : base(id)
    {
        if (threadCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threadCount), threadCount, $"dispatcher {id} needs at least one thread");
        }

        _reportFailure = reportFailure;
        for (var i = 0; i < threadCount; i++)
        {
            new Thread(Work) { IsBackground = true, Name = $"{id}-{i + 1}" }.Start();
        }
    }

    public override void Execute(IRunnable run)
    {
        // Interlocked on both sides: either Shutdown sees this call in progress and waits for its
        // enqueue, or this call sees _stopping and refuses.
        Interlocked.Increment(ref _accepting);
        try
        {
            if (_stopping)
            {
                throw new RejectedExecutionException($"{Id} is shutting down");
            }

            _work.Enqueue(run);
        }
        finally
        {
            Interlocked.Decrement(ref _accepting);
        }
        // Orders the enqueue before reading _sleeping; a thread going to sleep increments it
        // before looking at the queue, so one of the two always sees the other.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _sleeping) > 0)
        {
            WakeOne();
        }
    }

    public override void Shutdown()
    {
        _stopping = true;
        Interlocked.MemoryBarrier();
        var wait = new SpinWait();
        while (Volatile.Read(ref _accepting) > 0)
        {
            wait.SpinOnce();
        }

        _drained = true;
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    private void WakeOne()
    {
        lock (_gate)
        {
            if (_sleeping == 0)
            {
                return;
            }
            // Counted out here rather than by the woken thread, so that the rest of a burst of
            // Execute calls does not wake the same sleeper again.
            _sleeping--;
            Monitor.Pulse(_gate);
        }
    }

    private void Work()
    {
        while (true)
        {
            if (_work.TryDequeue(out var run))
            {
                Run(run);
                continue;
            }
            lock (_gate)
            {
                Interlocked.Increment(ref _sleeping);
                if (!_work.IsEmpty)
                {
                    _sleeping--;
                    continue;
                }
                if (_drained)
                {
                    _sleeping--;
                    return;
                }
                Monitor.Wait(_gate);
            }
        }
    }

    /// <summary>A failing piece of work is reported, not allowed to end the thread (and the process).</summary>
    private void Run(IRunnable run)
    {
        try
        {
            run.Run();
        }
        catch (Exception error)
        {
            _reportFailure(error);
        }
    }

    /// <summary>
    /// Makes <see cref="MediaThreads"/> a dispatcher's executor:
    /// <c>executor = "MediaActors.MediaThreads+Configurator, MediaActors.Actors"</c> with
    /// <c>media-threads.thread-count</c>. Failures go to the actor system's event stream.
    /// </summary>
    public sealed class Configurator(Config config, IDispatcherPrerequisites prerequisites)
        : ExecutorServiceConfigurator(config, prerequisites)
    {
        public override ExecutorService Produce(string id) =>
            new MediaThreads(id, Config.GetInt("media-threads.thread-count", 2), error =>
                Prerequisites.EventStream.Publish(new Error(error, id, typeof(MediaThreads), "A media dispatcher task failed")));
    }
}
