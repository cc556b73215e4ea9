using System.CommandLine;
using System.Runtime.InteropServices;
using MediaActors.BoardFleet;

var boards = new Option<int>("--boards") { Description = "How many boards", DefaultValueFactory = _ => 50 };
var seeds = new Option<string[]>("--seed")
{
    Description = "HOST:PORT of a cluster node to join (a relay); repeat for several",
    Required = true,
    AllowMultipleArgumentsPerToken = true,
};
var portBase = new Option<int>("--port-base") { Description = "Board i (from 1) takes cluster port PORT-BASE + i", DefaultValueFactory = _ => 29100 };
var session = new Option<string>("--session") { Description = "Each board's session", DefaultValueFactory = _ => "test" };
var namePrefix = new Option<string>("--name-prefix") { Description = "Boards are named PREFIX01, PREFIX02, …", DefaultValueFactory = _ => "board-" };
var parallelism = new Option<int>("--start-parallelism")
{
    Description = "Boards started at once (default: one per core)",
    DefaultValueFactory = _ => Environment.ProcessorCount,
};

var interval = new Option<int>("--start-interval-ms")
{
    Description = "Milliseconds from one board's start to the next one's (default 0: each as soon as a start slot is free)",
    DefaultValueFactory = _ => 0,
};
var config = new Option<FileInfo?>("--config") { Description = "A HOCON file over every board's shipped settings (board.conf, cluster.conf, mediaactors.conf)" };

var command = new RootCommand("""
    Runs many MediaActors boards in one process, each an actor system of its own with the board role,
    its own cluster port and a session fed with a looped 320x240 H.264 stream, joined to the cluster of --seed.
    Reports on stdout, a line each: "starting|started|up BOARD UNIX-MS [CLUSTER-PORT]", then
    "ready - UNIX-MS COUNT" once all have started, and "stopped BOARD UNIX-MS downed|stopped" when
    a board's actor system stops (downed: by the cluster). Stops them on SIGTERM or Ctrl+C.
    """)
{
    boards, seeds, portBase, session, namePrefix, parallelism, interval, config,
};
command.SetAction(async (result, cancellation) =>
{
    // Akka's default logger writes to Console.Out: it would mix with the events.
    FleetEvents.TakeStdout();
    var seedAddresses = result.GetValue(seeds)!.Select(SeedAddress).ToList();
    var options = new FleetOptions(result.GetValue(boards), seedAddresses.OfType<string>().ToList(),
        result.GetValue(portBase), result.GetValue(session)!, result.GetValue(namePrefix)!, result.GetValue(parallelism),
        TimeSpan.FromMilliseconds(result.GetValue(interval)), result.GetValue(config)?.FullName);
    if (seedAddresses.Contains(null) || options.Boards < 1 || options.StartParallelism < 1 || options.StartInterval < TimeSpan.Zero
        || options.PortBase < 1 || options.PortBase + options.Boards > 65535)
    {
        Console.Error.WriteLine("boardfleet: every --seed must be HOST:PORT, --boards and --start-parallelism at least 1, --start-interval-ms not negative, and the boards' ports within 1-65535");
        return 2;
    }

    // SIGTERM and Ctrl+C stop the boards, all at once, and then the process. Left to the runtime,
    // the signal would run each actor system's shutdown hook one after the other before exiting.
    using var stop = new CancellationTokenSource();
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    return await Fleet.RunAsync(options, stop.Token);

    void Stop(PosixSignalContext signal)
    {
        signal.Cancel = true;
        stop.Cancel();
    }
});
return await command.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

// HOST:PORT as the Akka address of a node of the cluster (the system name every MediaActors node has); null if malformed.
static string? SeedAddress(string seed)
{
    var colon = seed.LastIndexOf(':');
    return colon > 0 && int.TryParse(seed[(colon + 1)..], out var port) && port is >= 1 and <= 65535
        ? $"akka.tcp://mediaactors@{seed[..colon]}:{port}"
        : null;
}
