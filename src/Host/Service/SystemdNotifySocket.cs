using System.Net.Sockets;
using System.Text;

namespace MediaActors.Host.Service;

/// <summary>
/// The sd_notify protocol: newline-separated <c>KEY=value</c> assignments, one datagram per
/// message, sent to the Unix datagram socket systemd names in <c>NOTIFY_SOCKET</c> (Type=notify
/// services). Written here rather than through libsystemd so that the process needs no native
/// library and the same binary runs on a board without systemd.
/// </summary>
public sealed class SystemdNotifySocket : IDisposable
{
    public const string EnvironmentVariable = "NOTIFY_SOCKET";

    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _endpoint;
    private readonly Lock _sending = new();

    private SystemdNotifySocket(string address)
    {
        _endpoint = new UnixDomainSocketEndPoint(address);
        Address = address;
    }

    /// <summary>The socket's address as the endpoint takes it (an abstract one with its leading NUL).</summary>
    public string Address { get; }

    /// <summary>The socket systemd asked for, or null when the process does not run under a Type=notify service.</summary>
    public static SystemdNotifySocket? FromEnvironment() => Open(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>
    /// The socket named by <paramref name="notifySocket"/> (a path, or an abstract name written with
    /// a leading '@', which the kernel spells with a leading NUL); null when it names none.
    /// </summary>
    public static SystemdNotifySocket? Open(string? notifySocket)
    {
        if (string.IsNullOrEmpty(notifySocket) || notifySocket == "@")
        {
            return null;
        }

        return new SystemdNotifySocket(notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket);
    }

    /// <summary>Sends <paramref name="message"/> (e.g. "READY=1\nSTATUS=…") as one datagram.</summary>
    /// <exception cref="SocketException">systemd's socket is gone or refuses it.</exception>
    public void Send(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        // Datagrams are sent whole, but the socket is shared by the watchdog and the lifetime callbacks.
        lock (_sending)
        {
            _socket.SendTo(bytes, SocketFlags.None, _endpoint);
        }
    }

    public void Dispose() => _socket.Dispose();
}
