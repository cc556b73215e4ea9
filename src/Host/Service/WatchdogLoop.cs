using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace MediaActors.Host.Service;

/// <summary>
/// Pings systemd's watchdog (<c>WATCHDOG=1</c>) every <c>interval</c>, each time only after
/// <see cref="ILivenessCheck"/> found the node alive: a node that is wedged inside stops pinging,
/// and systemd kills and restarts it (WatchdogSec=, Restart=on-failure).
/// </summary>
public static class WatchdogLoop
{
    /// <summary>
    /// Runs until <paramref name="cancellation"/>. A check gets half the interval, so that a slow
    /// answer still pings within one and a half intervals, before the timeout (two intervals).
    /// </summary>
    public static async Task RunAsync(SystemdNotifySocket socket, TimeSpan interval, ILivenessCheck check, ILogger logger, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(interval);
        var checkTimeout = interval / 2;
        var failing = false;
        do
        {
            var problem = await check.FindProblemAsync(checkTimeout, cancellation);
            if (problem is not null)
            {
                logger.LogWarning("Not pinging systemd's watchdog: {Problem}; systemd restarts the node when this lasts", problem);
                failing = true;
                continue;
            }

            if (failing)
            {
                logger.LogInformation("Pinging systemd's watchdog again: the node answers");
                failing = false;
            }

            try
            {
                socket.Send("WATCHDOG=1");
            }
            catch (SocketException error)
            {
                logger.LogWarning("Could not ping systemd's watchdog on {Socket}: {Reason}", socket.Address, error.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellation));
    }
}
