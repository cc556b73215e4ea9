using System.Collections.Concurrent;
using Akka.Configuration;
using Akka.Dispatch;

namespace MediaActors;

/// <summary>
/// The executor of the media dispatcher (<see cref="MediaDispatcher"/>): a few dedicated threads
/// that sleep in the kernel as soon as they run out of work. Akka's own dedicated pool (the
/// ForkJoinDispatcher) spins each idle thread through up to 50 <c>sched_yield</c> calls per
/// processor before it sleeps; media work comes in bursts 30 times a second, so its threads went
/// idle thousands of times a second and the spinning took a sixth of the server's CPU at 200 UDP
/// clients. Waking a sleeping thread costs one futex call, microseconds against a 33 ms frame.
/// </summary>
public sealed class MediaThreads : ExecutorService
{
    private readonly ConcurrentQueue<IRunnable> _work = new();
    private readonly object _gate = new(); // a monitor, for Wait and Pulse
    private readonly Thread[] _threads;

    /// <summary>Threads waiting in <see cref="Monitor.Wait(object)"/> and not yet woken; changed under <see cref="_gate"/>.</summary>
    private int _sleeping;
    private volatile bool _stopping;

    public MediaThreads(string id, int threadCount) : base(id)
    {
        if (threadCount < 1)
            throw new ArgumentOutOfRangeException(nameof(threadCount), threadCount, $"dispatcher {id} needs at least one thread");
        _threads = new Thread[threadCount];
        for (var i = 0; i < threadCount; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"{id}-{i + 1}" };
            _threads[i].Start();
        }
    }

    public override void Execute(IRunnable run)
    {
        _work.Enqueue(run);
        // Orders the enqueue before reading _sleeping; a thread going to sleep increments it
        // before looking at the queue, so one of the two always sees the other.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _sleeping) > 0)
            WakeOne();
    }

    public override void Shutdown()
    {
        _stopping = true;
        lock (_gate)
            Monitor.PulseAll(_gate);
    }

    private void WakeOne()
    {
        lock (_gate)
        {
            if (_sleeping == 0)
                return;
            // Counted out here rather than by the woken thread, so that the rest of a burst of
            // Execute calls does not wake the same sleeper again.
            _sleeping--;
            Monitor.Pulse(_gate);
        }
    }

    private void Work()
    {
        while (!_stopping)
        {
            if (_work.TryDequeue(out var run))
            {
                run.Run();
                continue;
            }
            lock (_gate)
            {
                Interlocked.Increment(ref _sleeping);
                if (_work.IsEmpty && !_stopping)
                    Monitor.Wait(_gate);
                else
                    _sleeping--;
            }
        }
    }

    /// <summary>
    /// Makes <see cref="MediaThreads"/> a dispatcher's executor:
    /// <c>executor = "MediaActors.MediaThreads+Configurator, MediaActors.Actors"</c> with
    /// <c>media-threads.thread-count</c>.
    /// </summary>
    public sealed class Configurator(Config config, IDispatcherPrerequisites prerequisites)
        : ExecutorServiceConfigurator(config, prerequisites)
    {
        public override ExecutorService Produce(string id) => new MediaThreads(id, Config.GetInt("media-threads.thread-count", 2));
    }
}
