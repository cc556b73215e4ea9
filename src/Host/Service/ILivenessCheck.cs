namespace MediaActors.Host.Service;

/// <summary>What the watchdog asks before each ping: whether the node still works inside.</summary>
public interface ILivenessCheck
{
    /// <summary>Null when alive; otherwise what did not answer within <paramref name="timeout"/>, for the log.</summary>
    Task<string?> FindProblemAsync(TimeSpan timeout, CancellationToken cancellation);
}
