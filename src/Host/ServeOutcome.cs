namespace MediaActors.Host;

/// <summary>How `serve` ended, for the process exit code: 0 after a requested shutdown, 1 when streaming failed.</summary>
public sealed class ServeOutcome
{
    public int ExitCode { get; private set; }

    public void Failed() => ExitCode = 1;
}
