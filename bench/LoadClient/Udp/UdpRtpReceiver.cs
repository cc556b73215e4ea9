using System.Net;
using System.Net.Sockets;
using MediaActors.LoadClient.Rtp;
using MediaActors.Testing.Network;

namespace MediaActors.LoadClient.Udp;

/// <summary>
/// The UDP side of one client: its RTP and RTCP sockets, and one receive loop on the RTP socket
/// that reads every datagram into the same buffer and counts it. The RTCP socket only holds its
/// port (the server's sender reports are not measured; the kernel drops them once its small
/// buffer is full).
/// </summary>
public sealed class UdpRtpReceiver : IAsyncDisposable
{
    // Any UDP datagram fits, so none is ever truncated.
    private const int MaxDatagramBytes = 65_535;
    private readonly Socket _rtp;
    private readonly Socket _rtcp;
    private readonly RtpStatistics _statistics;
    private Task<string?> _receiving = Task.FromResult<string?>(null);

    private UdpRtpReceiver(Socket rtp, Socket rtcp, RtpStatistics statistics)
    {
        _rtp = rtp;
        _rtcp = rtcp;
        _statistics = statistics;
    }

    public int RtpPort => ((IPEndPoint)_rtp.LocalEndPoint!).Port;

    public int RtcpPort => ((IPEndPoint)_rtcp.LocalEndPoint!).Port;

    /// <summary>The RTP socket's receive buffer as the kernel granted it (Linux reports twice what was asked, capped by net.core.rmem_max).</summary>
    public int GrantedReceiveBufferBytes => _rtp.ReceiveBufferSize;

    /// <summary>Completes when receiving stops: with null after <see cref="DisposeAsync"/>, or with what went wrong.</summary>
    public Task<string?> Ended => _receiving;

    public static UdpRtpReceiver Bind(IPAddress address, int receiveBufferBytes, RtpStatistics statistics)
    {
        var (rtp, rtcp) = UdpPortPair.Bind(address);
        rtp.ReceiveBufferSize = receiveBufferBytes;
        return Started(new UdpRtpReceiver(rtp, rtcp, statistics));
    }

    /// <summary>A multicast reader: joins the group of a SETUP reply on its RTP and RTCP ports, as a player does.</summary>
    public static UdpRtpReceiver Join(IPAddress group, (int Rtp, int Rtcp) ports, int receiveBufferBytes, RtpStatistics statistics)
    {
        var rtp = MulticastReceiver.OpenSocket(group, ports.Rtp, receiveBufferBytes);
        try
        {
            return Started(new UdpRtpReceiver(rtp, MulticastReceiver.OpenSocket(group, ports.Rtcp, receiveBufferBytes), statistics));
        }
        catch
        {
            rtp.Dispose();
            throw;
        }
    }

    private static UdpRtpReceiver Started(UdpRtpReceiver receiver)
    {
        receiver._receiving = receiver.ReceiveLoopAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
        await _receiving;
    }

    private async Task<string?> ReceiveLoopAsync()
    {
        var buffer = new byte[MaxDatagramBytes];
        try
        {
            while (true)
            {
                // Memory-based ReceiveAsync completes through a cached, reusable awaitable: no allocation per datagram.
                var length = await _rtp.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
                _statistics.Add(buffer.AsSpan(0, length));
            }
        }
        catch (Exception error) when (error is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted })
        {
            return null;
        }
        catch (Exception error)
        {
            return error.Message;
        }
    }
}
