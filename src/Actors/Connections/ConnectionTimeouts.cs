using Akka.Actor;
using MediaActors.Configuration;

namespace MediaActors.Connections;

/// <summary>
/// The two timeouts of a connection, as timer messages to it. Silence: a client that sends
/// nothing (no request, no interleaved data, and over UDP no RTCP) for longer than its sessions'
/// timeout, or without sessions the idle timeout, is disconnected. Slowloris: the bytes of an
/// unfinished request must become a whole request within the request timeout.
/// </summary>
internal sealed class ConnectionTimeouts(RtspServerSettings settings, ITimerScheduler timers)
{
    private long _lastActivityMicros = MonotonicClock.NowMicros;

    /// <summary>Starts checking for silence, four times per shortest timeout (at most four times a second).</summary>
    public void Start()
    {
        var shortestTimeout = Math.Min(settings.IdleConnectionTimeout.Ticks, settings.SessionTimeout.Ticks);
        var checkInterval = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond / 4, shortestTimeout / 4));
        timers.StartPeriodicTimer(nameof(CheckSilence), CheckSilence.Instance, checkInterval);
    }

    /// <summary>The client proved it is alive.</summary>
    public void Touch() => _lastActivityMicros = MonotonicClock.NowMicros;

    /// <summary>Why a connection with or without sessions must close now for its silence; null when it need not.</summary>
    public string? Silence(bool hasSessions)
    {
        var silentFor = TimeSpan.FromMicroseconds(MonotonicClock.NowMicros - _lastActivityMicros);
        var limit = hasSessions ? settings.EnforcedSessionTimeout : settings.IdleConnectionTimeout;
        return silentFor > limit
            ? $"silent for {silentFor.TotalSeconds:0.#} s ({(hasSessions ? "session" : "idle connection")} timeout {limit.TotalSeconds:0.#} s)"
            : null;
    }

    /// <summary>
    /// Watches unfinished input after the buffer was handled. The deadline starts with the first
    /// unfinished byte and restarts whenever a request or frame completes, so a busy pipelining
    /// client is never cut off.
    /// </summary>
    public void WatchPartialInput(bool unfinished, bool handledAny)
    {
        if (!unfinished)
        {
            timers.Cancel(nameof(RequestDeadline));
        }
        else if (handledAny || !timers.IsTimerActive(nameof(RequestDeadline)))
        {
            timers.StartSingleTimer(nameof(RequestDeadline), RequestDeadline.Instance, settings.RequestTimeout);
        }
    }

    /// <summary>While the server makes a whole request wait for its reply, no input is unfinished.</summary>
    public void StopRequestDeadline() => timers.Cancel(nameof(RequestDeadline));

    /// <summary>The request deadline elapsed: answer 408 and close.</summary>
    public string RequestDeadlineReason => $"request not complete {settings.RequestTimeout.TotalSeconds:0.#} s after its first byte";

    /// <summary>Time to look at <see cref="Silence"/>.</summary>
    public sealed class CheckSilence
    {
        public static readonly CheckSilence Instance = new();
        private CheckSilence() { }
    }

    /// <summary>The bytes of a request did not become a whole request within the request timeout.</summary>
    public sealed class RequestDeadline
    {
        public static readonly RequestDeadline Instance = new();
        private RequestDeadline() { }
    }
}
