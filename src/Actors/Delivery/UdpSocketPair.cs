using System.Net;
using System.Net.Sockets;

namespace MediaActors.Delivery;

/// <summary>
/// The server's RTP (even port) and RTCP (odd port, RTP + 1) UDP sockets, shared by every UDP
/// client: the ports are what SETUP replies as <c>server_port</c>. Both are non-blocking so that
/// a full send buffer drops a packet instead of stalling the sender.
/// </summary>
public sealed class UdpSocketPair : IDisposable
{
    // The K230 native server uses a 1 MiB UDP send buffer; a keyframe burst to many clients needs it.
    private const int SendBufferBytes = 1 << 20;
    private const int MaxBindAttempts = 64;

    private UdpSocketPair(Socket rtp, Socket rtcp)
    {
        Rtp = rtp;
        Rtcp = rtcp;
    }

    public Socket Rtp { get; }

    public Socket Rtcp { get; }

    public int RtpPort => ((IPEndPoint)Rtp.LocalEndPoint!).Port;

    public int RtcpPort => ((IPEndPoint)Rtcp.LocalEndPoint!).Port;

    /// <summary>
    /// Binds an even/odd port pair on <paramref name="address"/>: from <paramref name="portBase"/>
    /// upwards, or ports chosen by the operating system when it is 0.
    /// </summary>
    public static UdpSocketPair Bind(IPAddress address, int portBase)
    {
        if (portBase is < 0 or > 65534)
        {
            throw new ArgumentOutOfRangeException(nameof(portBase), portBase, "The UDP port base must be 0 or a port up to 65534.");
        }

        SocketException? lastError = null;
        for (var attempt = 0; attempt < MaxBindAttempts; attempt++)
        {
            var rtpPort = portBase == 0 ? 0 : (portBase & ~1) + 2 * attempt;
            if (rtpPort > 65534)
            {
                break;
            }

            if (TryBindPair(address, rtpPort, out var pair, out lastError))
            {
                return pair!;
            }
        }

        throw new IOException(
            $"Could not bind a UDP port pair for RTP/RTCP on {address}" + (portBase == 0 ? "" : $" from port {portBase}") +
            $": {lastError?.Message ?? "no free even port"}", lastError);
    }

    /// <summary>
    /// A pair for sending to multicast groups, on ports the operating system picks: from
    /// <paramref name="interfaceAddress"/>'s interface (loopback stays on this machine; any
    /// address leaves the choice to the multicast route), with <paramref name="ttl"/>, and looped
    /// back to this host's own readers (a player on the server's machine, and the tests).
    /// </summary>
    public static UdpSocketPair ForMulticast(IPAddress interfaceAddress, int ttl)
    {
        var rtp = NewSocket(interfaceAddress);
        var rtcp = NewSocket(interfaceAddress);
        try
        {
            foreach (var socket in new[] { rtp, rtcp })
            {
                socket.Bind(new IPEndPoint(interfaceAddress, 0));
                if (!interfaceAddress.Equals(IPAddress.Any))
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, interfaceAddress.GetAddressBytes());
                }

                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, ttl);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
                socket.Blocking = false;
            }

            rtp.SendBufferSize = SendBufferBytes;
            return new UdpSocketPair(rtp, rtcp);
        }
        catch
        {
            rtp.Dispose();
            rtcp.Dispose();
            throw;
        }
    }

    private static bool TryBindPair(IPAddress address, int rtpPort, out UdpSocketPair? pair, out SocketException? error)
    {
        pair = null;
        error = null;
        var rtp = NewSocket(address);
        var rtcp = NewSocket(address);
        try
        {
            rtp.Bind(new IPEndPoint(address, rtpPort));
            var boundPort = ((IPEndPoint)rtp.LocalEndPoint!).Port;
            // RFC 3550 11: RTP on the even port, RTCP on the next one; an odd OS pick is retried.
            if (boundPort % 2 == 0)
            {
                rtcp.Bind(new IPEndPoint(address, boundPort + 1));
                rtp.Blocking = false;
                rtp.SendBufferSize = SendBufferBytes;
                rtcp.Blocking = false;
                pair = new UdpSocketPair(rtp, rtcp);
                return true;
            }
        }
        catch (SocketException bindError)
        {
            error = bindError;
        }

        rtp.Dispose();
        rtcp.Dispose();
        return false;
    }

    public void Dispose()
    {
        Rtp.Dispose();
        Rtcp.Dispose();
    }

    private static Socket NewSocket(IPAddress address) =>
        new(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
}
