using System.Globalization;

namespace MediaActors.Host.Service;

/// <summary>
/// How often systemd's watchdog wants to hear from this process (<c>WatchdogSec=</c>, passed as
/// <c>WATCHDOG_USEC</c>): pinged at half the timeout, as sd_watchdog_enabled advises, so one late
/// ping does not get the process killed.
/// </summary>
public static class WatchdogInterval
{
    public const string TimeoutVariable = "WATCHDOG_USEC";
    public const string ProcessVariable = "WATCHDOG_PID";

    /// <summary>The ping interval the environment asks of this process, or null when no watchdog is on for it.</summary>
    public static TimeSpan? FromEnvironment() =>
        Parse(Environment.GetEnvironmentVariable(TimeoutVariable), Environment.GetEnvironmentVariable(ProcessVariable), Environment.ProcessId);

    /// <summary>
    /// The ping interval for a watchdog of <paramref name="timeoutMicroseconds"/>; null when there is
    /// none, or when <paramref name="watchdogPid"/> names another process (the variables were
    /// inherited from a parent the watchdog is meant for).
    /// </summary>
    public static TimeSpan? Parse(string? timeoutMicroseconds, string? watchdogPid, int ownPid)
    {
        if (!long.TryParse(timeoutMicroseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds) || microseconds <= 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(watchdogPid)
            && (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != ownPid))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(microseconds / 2.0);
    }
}
