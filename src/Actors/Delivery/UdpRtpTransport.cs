using System.Net;
using System.Net.Sockets;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Delivery;

/// <summary>
/// Sends RTP (and RTCP) to one client's <c>client_port</c> pair from the server's shared,
/// non-blocking RTP (and RTCP) socket.
/// A full socket buffer means the client (or the host) cannot keep up: the rest of the frame is
/// dropped rather than waited for.
/// </summary>
public sealed class UdpRtpTransport : IRtpTransport
{
    private readonly UdpSocketPair _sockets;
    private readonly SocketAddress _rtpDestination;
    private readonly SocketAddress _rtcpDestination;

    /// <summary>Whether this client's frames go with segmentation offload: until the kernel refuses it
    /// for this destination (a route with a small MTU, an IPsec route), which leaves the other clients on it.</summary>
    private bool _segment = LinuxBatchedUdp.SupportsSegmentation;

    public UdpRtpTransport(UdpSocketPair sockets, IPAddress client, (int Rtp, int Rtcp) clientPorts)
    {
        _sockets = sockets;
        // Serialized once: SendTo with a SocketAddress does not allocate per packet.
        _rtpDestination = new IPEndPoint(client, clientPorts.Rtp).Serialize();
        _rtcpDestination = new IPEndPoint(client, clientPorts.Rtcp).Serialize();
        Description = $"udp {client}:{clientPorts.Rtp}-{clientPorts.Rtcp}";
    }

    public string Description { get; }

    /// <summary>Datagrams go straight to the kernel; nothing waits here.</summary>
    public long QueuedBytes => 0;

    /// <summary>
    /// Half the shared RTP socket's send buffer (as the kernel granted it): every UDP client sends
    /// through that buffer, so a burst that filled it would make the others' frames fail too.
    /// </summary>
    public long BurstLimitBytes => _sockets.Rtp.SendBufferSize / 2;

    public bool TrySend(RtpPacketBatch packets)
    {
        try
        {
            if (LinuxBatchedUdp.IsAvailable)
            {
                return LinuxBatchedUdp.TrySend(_sockets.Rtp, _rtpDestination, packets, ref _segment);
            }

            for (var i = 0; i < packets.Count; i++)
            {
                _sockets.Rtp.SendTo(packets[i].Span, SocketFlags.None, _rtpDestination);
            }

            return true;
        }
        catch (SocketException)
        {
            // WouldBlock (send buffer full) or a network error for this destination: both mean
            // this frame does not reach the client; the caller resumes at the next keyframe.
            return false;
        }
        catch (ObjectDisposedException)
        {
            // The server stopped while this frame was in flight.
            return false;
        }
    }

    public bool TrySendRtcp(ReadOnlySpan<byte> compound)
    {
        try
        {
            _sockets.Rtcp.SendTo(compound, SocketFlags.None, _rtcpDestination);
            return true;
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
