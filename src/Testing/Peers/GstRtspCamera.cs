using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

using MediaActors.Testing.Processes;

namespace MediaActors.Testing.Peers;

/// <summary>
/// How to start a <see cref="GstRtspCamera"/>: the arguments of tests/peers/gst_camera.py.
/// <see cref="Port"/> 0 lets the camera bind any free loopback port (its URL then tells which);
/// a test that restarts a camera on the same address passes the port of the first one.
/// </summary>
public sealed record GstCameraOptions
{
    /// <summary>"h264" (x264enc) or "h265" (x265enc).</summary>
    public string Codec { get; init; } = "h264";

    /// <summary>"none", "pcmu", "pcma" (8000 Hz mono) or "aac" (48000 Hz mono).</summary>
    public string Audio { get; init; } = "none";

    public int Port { get; init; }

    public string Path { get; init; } = "/cam";

    /// <summary>With <see cref="Password"/>: the camera requires Digest authentication.</summary>
    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>The lower transports clients may SETUP: "tcp", "udp" or "both".</summary>
    public string Protocols { get; init; } = "both";

    public int Width { get; init; } = 640;

    public int Height { get; init; } = 360;

    public int Fps { get; init; } = 25;

    /// <summary>The video bitrate in kbit/s.</summary>
    public int BitrateKbps { get; init; } = 1000;

    /// <summary>The videotestsrc pattern: "ball", "smpte", ...</summary>
    public string Pattern { get; init; } = "ball";

    /// <summary>Take an ANNOUNCE/RECORD publisher at <see cref="Path"/> instead of serving a picture.</summary>
    public bool Record { get; init; }

    /// <summary>Where <see cref="Record"/> writes the received video, as an Annex-B stream
    /// (the audio, with <see cref="Audio"/>, next to it as &lt;file&gt;.pcmu, .pcma or .aac, ADTS).</summary>
    public string? RecordFile { get; init; }
}

/// <summary>
/// A real IP camera on loopback: gst-rtsp-server (tests/peers/gst_camera.py) serving a live
/// x264/x265 test picture, optionally with G.711 or AAC audio and Digest authentication, or, with
/// <see cref="GstCameraOptions.Record"/>, taking a publisher's stream into a file. It is ready when
/// it printed its URL; disposing it sends SIGTERM and kills it if it does not end in time.
/// </summary>
public sealed class GstRtspCamera : IAsyncDisposable
{
    /// <summary>The Debian python, where python3-gi and the gst-rtsp-server bindings are installed.</summary>
    private const string Python = "/usr/bin/python3";
    private const int SigTerm = 15;
    private const int MaxStandardErrorLines = 200;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    private readonly Process _process;
    private UrlPrintingProcess _output = null!;
    private bool _disposed;

    private GstRtspCamera(Process process, GstCameraOptions options)
    {
        _process = process;
        Options = options;
    }

    public GstCameraOptions Options { get; }

    /// <summary>The stream URL the camera printed, rtsp://127.0.0.1:PORT/PATH, without credentials.</summary>
    public string Url { get; private set; } = "";

    /// <summary><see cref="Url"/> with the user and password in it, as ffmpeg and GStreamer take them.</summary>
    public string UrlWithCredentials => Options.User is null
        ? Url
        : Url.Replace("rtsp://", $"rtsp://{Uri.EscapeDataString(Options.User)}:{Uri.EscapeDataString(Options.Password!)}@", StringComparison.Ordinal);

    public int Port { get; private set; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the camera wrote to stderr (GStreamer's warnings, Python's traceback), for failure messages.</summary>
    public string StandardError => string.Join('\n', _output.ErrorLines);

    /// <summary>Starts the camera and waits (at most 20 s) until it serves; throws with its stderr when it exits or does not.</summary>
    public static async Task<GstRtspCamera> StartAsync(GstCameraOptions options, CancellationToken ct = default)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(options))
        {
            start.ArgumentList.Add(argument);
        }

        var camera = new GstRtspCamera(Process.Start(start)!, options);
        camera.Pump();
        try
        {
            camera.Url = await camera._output.Url.WaitAsync(StartTimeout, ct);
            camera.Port = new Uri(camera.Url).Port;
        }
        catch (Exception error)
        {
            await camera.DisposeAsync();
            throw new InvalidOperationException(
                $"gst_camera.py {string.Join(' ', Arguments(options))} did not print its URL ({error.Message}). Stderr:\n{camera.StandardError}", error);
        }
        return camera;
    }

    /// <summary>Kills the camera at once (SIGKILL), as a camera losing power would end, and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then SIGKILL if the camera has not ended within 3 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _ = kill(_process.Id, SigTerm);
            using var deadline = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                await KillAsync();
            }
        }
        _process.Dispose();
    }

    /// <summary>tests/peers/gst_camera.py in the repository these tests were built from.</summary>
    public static string ScriptPath { get; } = FindScript();

    private static IEnumerable<string> Arguments(GstCameraOptions options)
    {
        var arguments = new List<string>
        {
            ScriptPath,
            "--codec", options.Codec,
            "--audio", options.Audio,
            "--port", options.Port.ToString(CultureInfo.InvariantCulture),
            "--path", options.Path,
            "--protocols", options.Protocols,
            "--width", options.Width.ToString(CultureInfo.InvariantCulture),
            "--height", options.Height.ToString(CultureInfo.InvariantCulture),
            "--fps", options.Fps.ToString(CultureInfo.InvariantCulture),
            "--bitrate", options.BitrateKbps.ToString(CultureInfo.InvariantCulture),
            "--pattern", options.Pattern,
        };
        if (options.User is not null || options.Password is not null)
        {
            arguments.AddRange(["--user", options.User ?? "", "--password", options.Password ?? ""]);
        }

        if (options.Record)
        {
            arguments.AddRange(["--record", "--record-file", options.RecordFile ?? throw new ArgumentException("Record needs a RecordFile", nameof(options))]);
        }

        return arguments;
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "MediaActors.sln")))
            {
                return System.IO.Path.Combine(directory.FullName, "tests", "peers", "gst_camera.py");
            }
        }
        throw new InvalidOperationException($"no MediaActors.sln above {AppContext.BaseDirectory}: cannot find tests/peers/gst_camera.py");
    }

    private void Pump() => _output = new UrlPrintingProcess(_process, MaxStandardErrorLines);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
