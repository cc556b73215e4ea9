using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace MediaActors.Host;

/// <summary>How `serve`, `board` or `relay` ended, for the process exit code: 0 after a requested shutdown, 1 when it failed.</summary>
public sealed class ServeOutcome
{
    public int ExitCode { get; private set; }

    public void Failed() => ExitCode = 1;

    /// <summary>
    /// The host is stopping: a normal end (Ctrl+C, SIGTERM), unless it stops because the cluster
    /// downed this node, which is a failure (so that a service manager restarts it to join again).
    /// </summary>
    public void Stopping(ActorSystem system, ILogger logger, string command)
    {
        if (!ClusterStart.WasDowned(system))
        {
            return;
        }

        logger.LogCritical("{Command} failed: the cluster downed this node", command);
        Failed();
    }
}
