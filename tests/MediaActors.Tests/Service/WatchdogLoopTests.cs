using Akka.Actor;
using MediaActors.Host.Http;
using MediaActors.Host.Service;
using MediaActors.Tests.Host;
using Microsoft.Extensions.Logging;

namespace MediaActors.Tests.Service;

/// <summary>
/// The watchdog pings only after its liveness check passed: a node wedged inside goes silent
/// (systemd then kills and restarts it) and says in its log what did not answer.
/// </summary>
public sealed class WatchdogLoopTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    [Fact(Timeout = 10_000)]
    public async Task A_failing_check_sends_no_ping_and_logs_what_did_not_answer()
    {
        using var listener = NotifySocketListener.InTemporaryDirectory();
        using var socket = SystemdNotifySocket.Open(listener.NotifySocket)!;
        var check = new SwitchableCheck { Problem = "the RTSP listener did not answer within 50 ms" };
        var logger = new ListLogger<WatchdogLoopTests>();
        using var stop = new CancellationTokenSource();

        var loop = WatchdogLoop.RunAsync(socket, Interval, check, logger, stop.Token);
        await Task.Delay(Interval * 10);
        Assert.DoesNotContain(listener.Messages, message => message.Message == "WATCHDOG=1");
        Assert.Contains(logger.At(LogLevel.Warning), line => line.Contains("the RTSP listener did not answer", StringComparison.Ordinal));
        Assert.True(check.Calls >= 5, $"the check ran {check.Calls} times in 10 intervals");

        // Alive again: the pings resume.
        check.Problem = null;
        Assert.NotNull(await listener.WaitForAsync(message => message == "WATCHDOG=1", TimeSpan.FromSeconds(5)));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_passing_check_pings_every_interval()
    {
        using var listener = NotifySocketListener.InTemporaryDirectory();
        using var socket = SystemdNotifySocket.Open(listener.NotifySocket)!;
        using var stop = new CancellationTokenSource();

        var loop = WatchdogLoop.RunAsync(socket, Interval, new SwitchableCheck(), new ListLogger<WatchdogLoopTests>(), stop.Token);
        await Task.Delay(Interval * 10);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);

        var pings = listener.Messages.Count(message => message.Message == "WATCHDOG=1");
        Assert.InRange(pings, 5, 12);
    }

    [Fact(Timeout = 20_000)]
    public async Task The_actor_system_check_passes_while_it_runs_and_names_its_termination()
    {
        var system = ActorSystem.Create("watchdog-check");
        var check = new ActorSystemLivenessCheck(system, new RunningServer());

        Assert.Null(await check.FindProblemAsync(TimeSpan.FromSeconds(2), CancellationToken.None));

        await system.Terminate();
        Assert.Equal("the actor system has terminated", await check.FindProblemAsync(TimeSpan.FromSeconds(2), CancellationToken.None));
    }

    /// <summary>A check whose answer the test sets.</summary>
    private sealed class SwitchableCheck : ILivenessCheck
    {
        private int _calls;
        private volatile string? _problem;

        public string? Problem
        {
            get => _problem;
            set => _problem = value;
        }

        public int Calls => Volatile.Read(ref _calls);

        public Task<string?> FindProblemAsync(TimeSpan timeout, CancellationToken cancellation)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(Problem);
        }
    }
}
