using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace MediaActors.Tests.Service;

/// <summary>
/// What systemd's side of NOTIFY_SOCKET does for a test: a Unix datagram socket bound at
/// <see cref="Address"/> (a file in a temporary directory, or an abstract name) that keeps every
/// message with the time it arrived.
/// </summary>
public sealed class NotifySocketListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly DirectoryInfo? _directory;
    private readonly List<(TimeSpan At, string Message)> _messages = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _receiving;

    private NotifySocketListener(string address, DirectoryInfo? directory)
    {
        _directory = directory;
        Address = address;
        _socket.Bind(new UnixDomainSocketEndPoint(address));
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>What NOTIFY_SOCKET is set to: the socket file's path, or '@' and the abstract name.</summary>
    public string NotifySocket => Address[0] == '\0' ? "@" + Address[1..] : Address;

    private string Address { get; }

    /// <summary>A socket file in a temporary directory of its own (removed on dispose).</summary>
    public static NotifySocketListener InTemporaryDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("mediaactors-notify-");
        return new NotifySocketListener(Path.Combine(directory.FullName, "notify.sock"), directory);
    }

    /// <summary>A socket in the abstract namespace (no file), as systemd's own is.</summary>
    public static NotifySocketListener Abstract() => new("\0mediaactors-test-" + Guid.NewGuid().ToString("N"), null);

    /// <summary>Every message so far, with when it arrived since the listener was made.</summary>
    public IReadOnlyList<(TimeSpan At, string Message)> Messages
    {
        get
        {
            lock (_messages)
            {
                return _messages.ToList();
            }
        }
    }

    /// <summary>The first message that <paramref name="matches"/>, waiting for it up to <paramref name="within"/>; null if none came.</summary>
    public async Task<(TimeSpan At, string Message)?> WaitForAsync(Func<string, bool> matches, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            foreach (var message in Messages)
            {
                if (matches(message.Message))
                {
                    return message;
                }
            }

            await Task.Delay(10);
        }
        return null;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var length = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                lock (_messages)
                {
                    _messages.Add((_clock.Elapsed, Encoding.UTF8.GetString(buffer, 0, length)));
                }
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // Disposed: the test is over.
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _receiving.Wait(TimeSpan.FromSeconds(5));
        _directory?.Delete(recursive: true);
    }
}
