using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MediaActors.Protocol.Formats;
using MediaActors.Testing.Rtp;

namespace MediaActors.Testing.Network;

/// <summary>
/// A multicast reader's own socket, as a player opens it: bound to the group and RTP port its
/// SETUP reply names (with address reuse, since every reader on this host binds the same), joined
/// to the group on the interface the route for the group chooses (INADDR_ANY, as ffmpeg and
/// GStreamer do). Packets it reads go into an <see cref="RtpProbe"/>.
/// </summary>
public sealed class MulticastReceiver : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[65536];

    private MulticastReceiver(Socket socket, IPAddress group, int port)
    {
        _socket = socket;
        Group = group;
        Port = port;
    }

    public IPAddress Group { get; }

    public int Port { get; }

    public RtpProbe Probe { get; } = new(Codec.H264);

    /// <summary>Joins the group and RTP port of a multicast Transport reply (<c>destination=…;port=…</c>).</summary>
    public static MulticastReceiver Join(string transportReply)
    {
        var destination = Regex.Match(transportReply, @"destination=([0-9.]+)");
        var port = Regex.Match(transportReply, @"port=(\d+)-(\d+)");
        if (!destination.Success || !port.Success)
        {
            throw new InvalidDataException($"no multicast destination and port in '{transportReply}'");
        }

        return Join(IPAddress.Parse(destination.Groups[1].Value), int.Parse(port.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    public static MulticastReceiver Join(IPAddress group, int port) => new(OpenSocket(group, port, 4 << 20), group, port);

    /// <summary>A socket bound to <paramref name="group"/> and <paramref name="port"/> (shared with the host's other readers) and joined to the group.</summary>
    public static Socket OpenSocket(IPAddress group, int port, int receiveBufferBytes)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.ReceiveBufferSize = receiveBufferBytes;
            // Bound to the group's address, it gets that group's datagrams only, not every group's on the port.
            socket.Bind(new IPEndPoint(group, port));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, IPAddress.Any));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads what arrives for <paramref name="duration"/> into the probe; returns the packets read.</summary>
    public async Task<long> ReadForAsync(TimeSpan duration)
    {
        var before = Probe.Packets + Probe.NotRtp;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            using var timeout = new CancellationTokenSource(duration - clock.Elapsed);
            try
            {
                var received = await _socket.ReceiveAsync(_buffer, SocketFlags.None, timeout.Token);
                Probe.Add(_buffer.AsSpan(0, received));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return Probe.Packets + Probe.NotRtp - before;
    }

    public void Dispose() => _socket.Dispose();
}
