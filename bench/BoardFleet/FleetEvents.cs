namespace MediaActors.BoardFleet;

/// <summary>
/// What the fleet reports on stdout, one event a line for the benchmark to read: the event, the
/// board, the time (Unix milliseconds, the wall clock other processes on the machine share), and
/// any detail. stdout carries nothing else: <see cref="TakeStdout"/> sends everything else written
/// to the console (Akka's own log among it) to stderr.
/// </summary>
public static class FleetEvents
{
    private static readonly object Gate = new();
    private static TextWriter _events = Console.Out;

    /// <summary>Keeps stdout for the events: from now on Console.Out is stderr.</summary>
    public static void TakeStdout()
    {
        _events = Console.Out;
        Console.SetOut(Console.Error);
    }

    /// <summary>The board's actor system is about to be created.</summary>
    public static void Starting(string board) => Write("starting", board);

    /// <summary>The board's catalog and session run, its cluster endpoint is bound (at the port given), and it is joining.</summary>
    public static void Started(string board, int clusterPort) => Write("started", board, clusterPort.ToString());

    /// <summary>The cluster took the board in as Up.</summary>
    public static void Up(string board) => Write("up", board);

    /// <summary>The board's actor system stopped: "downed" when the cluster downed it (a board the fleet stops says "stopped").</summary>
    public static void Stopped(string board, bool downed) => Write("stopped", board, downed ? "downed" : "stopped");

    /// <summary>Every board has started (the count of them).</summary>
    public static void Ready(int boards) => Write("ready", "-", boards.ToString());

    private static void Write(string name, string board, string detail = "")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        lock (Gate)
        {
            _events.WriteLine($"{name} {board} {now} {detail}".TrimEnd());
            _events.Flush();
        }
    }
}
