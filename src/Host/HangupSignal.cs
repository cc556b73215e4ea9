using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace MediaActors.Host;

/// <summary>
/// Runs an action on each SIGHUP (<c>kill -HUP &lt;pid&gt;</c>, <c>systemctl reload</c>), one at a time on a task
/// of its own; signals that come while it runs are merged into one more run. While registered, SIGHUP
/// no longer ends the process. Disposing it unregisters and waits for a run under way.
/// </summary>
public sealed class HangupSignal : IAsyncDisposable
{
    private const int SigHup = 1;
    private static readonly IntPtr SigDfl = IntPtr.Zero;
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly PosixSignalRegistration? _registration;
    private readonly Task _runs;

    public HangupSignal(Action onHangup, ILogger logger)
    {
        try
        {
            TakeOverIgnoredHangup();
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                _requests.Writer.TryWrite(true);
            });
        }
        catch (PlatformNotSupportedException)
        {
            logger.LogInformation("No SIGHUP on this platform: the configuration is read at start only");
        }

        _runs = Task.Run(async () =>
        {
            await foreach (var _ in _requests.Reader.ReadAllAsync())
            {
                try
                {
                    onHangup();
                }
                catch (Exception error)
                {
                    logger.LogError(error, "SIGHUP: the reload failed");
                }
            }
        });
    }

    /// <summary>
    /// A process started with SIGHUP ignored (under <c>nohup</c>, or by a parent that ignores it)
    /// inherits that, and the runtime then leaves the signal ignored: <c>kill -HUP</c> would reload
    /// nothing. SIGHUP is this server's reload signal, so its disposition is set back to the default
    /// before the handler is registered (a terminal hangup then reloads instead of ending the process).
    /// </summary>
    private static void TakeOverIgnoredHangup()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = signal(SigHup, SigDfl);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _registration?.Dispose();
        _requests.Writer.TryComplete();
        await _runs;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr signal(int signum, IntPtr handler);
}
