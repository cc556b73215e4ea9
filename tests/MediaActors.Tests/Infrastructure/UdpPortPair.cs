using System.Net;
using System.Net.Sockets;

namespace MediaActors.Tests.Infrastructure;

/// <summary>A client's RTP/RTCP sockets on an even port and the one after it, as RTP clients choose them.</summary>
public static class UdpPortPair
{
    public static (UdpClient Rtp, UdpClient Rtcp) Bind()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var rtp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)rtp.Client.LocalEndPoint!).Port;
            if (port % 2 == 0)
            {
                try
                {
                    return (rtp, new UdpClient(new IPEndPoint(IPAddress.Loopback, port + 1)));
                }
                catch (SocketException)
                {
                    // The odd neighbour is taken; try another pair.
                }
            }
            rtp.Dispose();
        }
        throw new InvalidOperationException("no free even/odd UDP port pair on loopback");
    }
}
