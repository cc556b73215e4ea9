using System.Net;
using System.Net.Sockets;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Rtp;

/// <summary>
/// Sends RTP to one client's <c>client_port</c> from the server's shared, non-blocking RTP socket.
/// A full socket buffer means the client (or the host) cannot keep up: the rest of the frame is
/// dropped rather than waited for.
/// </summary>
public sealed class UdpRtpTransport : IRtpTransport
{
    private readonly Socket _socket;
    private readonly SocketAddress _destination;

    public UdpRtpTransport(Socket socket, IPEndPoint destination)
    {
        _socket = socket;
        // Serialized once: SendTo with a SocketAddress does not allocate per packet.
        _destination = destination.Serialize();
        Description = $"udp {destination}";
    }

    public string Description { get; }

    public bool TrySend(RtpPacketBatch packets)
    {
        try
        {
            for (var i = 0; i < packets.Count; i++)
                _socket.SendTo(packets[i].Span, SocketFlags.None, _destination);
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
}
