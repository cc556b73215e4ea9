using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using MediaActors.Testing.Processes;

namespace MediaActors.Tests.Infrastructure;

/// <summary>
/// The real `mediaactors` host as a child process (serve, or a board or relay cluster node), its
/// RTSP server bound to loopback on a free port. Started with <see cref="StartAsync"/> (or
/// <see cref="StartBoardAsync"/>, <see cref="StartRelayAsync"/>), it is ready when it printed its
/// URL; disposing it sends SIGTERM (as a service manager would) and kills it if it does not end in time.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private readonly Process _process;
    private UrlPrintingProcess _output = null!;

    private string? _configFile;
    private bool _disposed;

    private ServeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    private readonly Stopwatch _streaming = new();

    /// <summary>The URL the host printed (its advertised address, 127.0.0.1 here).</summary>
    public string Url { get; private set; } = "";

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The host's log so far, for assertion messages.</summary>
    public string Log => string.Join('\n', _output.ErrorLines);

    /// <summary>Runs `serve` on loopback with <paramref name="extraArguments"/> until it exits by itself (a start that fails), within <paramref name="timeout"/>.</summary>
    public static Task<ToolResult> RunToExitAsync(TimeSpan timeout, params string[] extraArguments) =>
        RunCommandToExitAsync(timeout, ["serve", "--bind", "127.0.0.1", .. extraArguments]);

    /// <summary>Runs `mediaactors` with <paramref name="arguments"/> (a command and its options) until it exits by itself, within <paramref name="timeout"/>.</summary>
    public static Task<ToolResult> RunCommandToExitAsync(TimeSpan timeout, params string[] arguments) =>
        ExternalTool.RunAsync("dotnet", new[] { HostPath }.Concat(WithoutHttpUnlessAsked(arguments)), timeout);

    /// <summary>
    /// Tests run hosts side by side: each would otherwise take the default HTTP port, so a host has
    /// no HTTP server unless the test gives it a port (<see cref="FreeTcpPort"/>).
    /// </summary>
    private static string[] WithoutHttpUnlessAsked(string[] arguments) =>
        arguments.Length == 0 || arguments[0] == "healthcheck" || arguments.Contains("--http-port") || arguments.Contains("--help")
            ? arguments
            : [.. arguments, "--http-port", "0"];

    /// <summary>The host the test project builds next to itself.</summary>
    private static string HostPath => Path.Combine(AppContext.BaseDirectory, "mediaactors.dll");

    public static Task<ServeProcess> StartAsync(params string[] extraArguments) => StartWithEnvironmentAsync(new Dictionary<string, string>(), extraArguments);

    /// <summary>`serve` as <see cref="StartAsync"/> starts it, with <paramref name="environment"/> added to its environment (what systemd would set).</summary>
    public static Task<ServeProcess> StartWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] extraArguments)
    {
        var port = FreeTcpPort();
        return LaunchAsync(["serve", "--port", port.ToString(), "--bind", "127.0.0.1", .. extraArguments], port, environment: environment);
    }

    /// <summary>`mediaactors board` named <paramref name="name"/> on <paramref name="clusterPort"/>, joining the node on <paramref name="seedPort"/>.</summary>
    public static Task<ServeProcess> StartBoardAsync(string name, int clusterPort, int seedPort, params string[] extraArguments)
    {
        var port = FreeTcpPort();
        return LaunchAsync(["board", "--name", name, "--rtsp-port", port.ToString(), "--bind", "127.0.0.1",
            "--cluster-port", clusterPort.ToString(), "--seed", $"127.0.0.1:{seedPort}", .. extraArguments], port);
    }

    /// <summary>`mediaactors relay` on <paramref name="clusterPort"/>: its own seed unless <paramref name="extraArguments"/> name one.</summary>
    public static Task<ServeProcess> StartRelayAsync(int clusterPort, params string[] extraArguments)
    {
        var port = FreeTcpPort();
        return LaunchAsync(["relay", "--port", port.ToString(), "--bind", "127.0.0.1", "--cluster-port", clusterPort.ToString(), .. extraArguments], port);
    }

    /// <summary>
    /// `mediaactors` with <paramref name="arguments"/> as is (they name its port <paramref name="port"/>),
    /// started through <paramref name="launcher"/> (e.g. `ip netns exec NAME`, which runs it in place,
    /// so this process is the host).
    /// </summary>
    public static Task<ServeProcess> StartThroughAsync(string[] launcher, int port, params string[] arguments) => LaunchAsync(arguments, port, launcher);

    private static async Task<ServeProcess> LaunchAsync(string[] arguments, int port, string[]? launcher = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(launcher is { Length: > 0 } ? launcher[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var host = launcher is { Length: > 0 } ? [.. launcher[1..], "dotnet", HostPath] : new[] { HostPath };
        foreach (var argument in host.Concat(WithoutHttpUnlessAsked(arguments)))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var serve = new ServeProcess(Process.Start(start)!, port);
        serve.Pump();
        try
        {
            serve.Url = await serve._output.Url.WaitAsync(StartTimeout);
            serve._streaming.Start();
        }
        catch (Exception error)
        {
            await serve.DisposeAsync();
            throw new InvalidOperationException($"mediaactors {arguments[0]} did not print its URL ({error.Message}). Log:\n{serve.Log}", error);
        }
        return serve;
    }

    /// <summary>Kills the host at once (SIGKILL), as a crash or a pulled power cord would end it.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits until the host has been streaming (since it printed its URL) for at least <paramref name="time"/>.</summary>
    public async Task RunningForAsync(TimeSpan time)
    {
        var remaining = time - _streaming.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
    }

    /// <summary>Starts serve with <paramref name="hocon"/> in a --config file (deleted when the host is disposed).</summary>
    public static async Task<ServeProcess> StartWithConfigAsync(string hocon, params string[] extraArguments)
    {
        var file = Path.Combine(Path.GetTempPath(), $"mediaactors-test-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, hocon);
        try
        {
            var serve = await StartAsync([.. extraArguments, "--config", file]);
            serve._configFile = file;
            return serve;
        }
        catch
        {
            File.Delete(file);
            throw;
        }
    }

    /// <summary>The URL of a session on this host over loopback.</summary>
    public string UrlOf(string session) => $"rtsp://127.0.0.1:{Port}/{session}";

    /// <summary>The pids of this host's child processes (the ffmpeg encoder).</summary>
    public IReadOnlyList<int> ChildProcessIds() => ProcessTree.ChildrenOf(_process.Id);

    /// <summary>The pids of this host's ffmpeg video encoders (libx264 or libx265) among its children.</summary>
    public IReadOnlyList<int> EncoderProcessIds() =>
        ChildProcessIds().Where(pid => ProcessTree.CommandLine(pid).Any(argument => argument.StartsWith("libx26", StringComparison.Ordinal))).ToList();

    /// <summary>The host's resident memory now, in bytes.</summary>
    public long ResidentSetBytes() => ProcessTree.ResidentSetBytes(_process.Id);

    /// <summary>True once a line of the log contains <paramref name="text"/>; false if none does within <paramref name="within"/>.</summary>
    public async Task<bool> WaitForLogAsync(string text, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (!_output.ErrorLines.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (deadline.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>The lines of the log so far that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> LogLines(string text) => _output.ErrorLines.Where(line => line.Contains(text, StringComparison.Ordinal)).ToList();

    /// <summary>True once <paramref name="count"/> lines of the log contain <paramref name="text"/>; false if they do not within <paramref name="within"/>.</summary>
    public async Task<bool> WaitForLogAsync(string text, int count, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (LogLines(text).Count < count)
        {
            if (deadline.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>Sends SIGTERM and waits for the process to end; false when it had to be killed.</summary>
    public async Task<bool> TerminateAsync()
    {
        if (_process.HasExited)
        {
            return true;
        }

        _ = kill(_process.Id, SigTerm);
        using var deadline = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return false;
        }
    }

    /// <summary>Sends SIGHUP, as `kill -HUP` or `systemctl reload` does: serve and board read their --config file again.</summary>
    public void Hangup()
    {
        if (kill(_process.Id, SigHup) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGHUP) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Stops the host (see <see cref="TerminateAsync"/>); a test that killed it early may dispose it again at its end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await TerminateAsync();
        _process.Dispose();
        if (_configFile is not null)
        {
            File.Delete(_configFile);
        }
    }

    private void Pump() => _output = new UrlPrintingProcess(_process, MaxLogLines);

    /// <summary>
    /// A port free now and never handed out before in this test run: the kernel may give a just-closed
    /// ephemeral port again, so two calls for one process (its RTSP and HTTP ports) could otherwise collide.
    /// </summary>
    public static int FreeTcpPort()
    {
        while (true)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            lock (HandedOutPorts)
            {
                if (HandedOutPorts.Add(port))
                {
                    return port;
                }
            }
        }
    }

    private static readonly HashSet<int> HandedOutPorts = [];

    private const int SigTerm = 15;

    private const int SigHup = 1;

    /// <summary>Enough for a minute of a node's log at the shipped log level, so a test can check it whole.</summary>
    private const int MaxLogLines = 5000;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
