using System.Net;
using System.Net.Sockets;

namespace MediaActors.Testing.Network;

/// <summary>Binds the two UDP sockets of an RTP session: RTP on an even port, RTCP on the odd one after it (RFC 3550 11).</summary>
public static class UdpPortPair
{
    private const int Attempts = 100;

    /// <summary>
    /// Lets the system pick a free port for RTP and keeps it when it is even and the next one is
    /// free too; otherwise tries again (another client of this process, or another program, may
    /// hold the odd port).
    /// </summary>
    public static (Socket Rtp, Socket Rtcp) Bind(IPAddress address)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var rtp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            rtp.Bind(new IPEndPoint(address, 0));
            var port = ((IPEndPoint)rtp.LocalEndPoint!).Port;
            if (port % 2 == 0)
            {
                var rtcp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    rtcp.Bind(new IPEndPoint(address, port + 1));
                    return (rtp, rtcp);
                }
                catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressAlreadyInUse)
                {
                    rtcp.Dispose();
                }
            }
            rtp.Dispose();
        }
        throw new IOException($"no free even/odd UDP port pair on {address} after {Attempts} attempts");
    }

    /// <summary>The same pair as <see cref="UdpClient"/>s on loopback, for a test's RTP client.</summary>
    public static (UdpClient Rtp, UdpClient Rtcp) BindClients()
    {
        var (rtp, rtcp) = Bind(IPAddress.Loopback);
        return (new UdpClient { Client = rtp }, new UdpClient { Client = rtcp });
    }
}
