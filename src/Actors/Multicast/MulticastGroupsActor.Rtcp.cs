using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using MediaActors.Connections;

namespace MediaActors.Multicast;

/// <summary>
/// The readers' side of a group's RTCP: their receiver reports arrive on the group's RTCP port,
/// and count for their client sessions as a unicast client's reports do for its own.
/// </summary>
public sealed partial class MulticastGroupsActor
{
    /// <summary>
    /// Joins the group on the track's RTCP port, where its readers send their receiver reports (so
    /// does the server's own sender report, looped back, which is left out by its source). Shared
    /// with the readers on this host, who bind the same group and port.
    /// </summary>
    private void JoinRtcp(MulticastGroup group, GroupTrack track)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            // Bound to the group's address, the socket gets that group's datagrams only, not every group's on the port.
            socket.Bind(new IPEndPoint(track.Destination.Group, track.Destination.Ports.Rtcp));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(track.Destination.Group, _interface));
        }
        catch (SocketException error)
        {
            // The stream goes out all the same; only its readers' reports are not heard.
            _log.Warning("Cannot receive RTCP of multicast {0}:{1}: {2}", track.Destination.Group, track.Destination.Ports.Rtcp, error.Message);
            socket.Dispose();
            return;
        }

        track.RtcpIn = socket;
        ReceiveRtcpNext(group, track, socket);
    }

    private void ReceiveRtcpNext(MulticastGroup group, GroupTrack track, Socket socket)
    {
        if (track.RtcpIn != socket)
        {
            return;
        }

        socket.ReceiveFromAsync(track.RtcpBuffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)).PipeTo(Self,
            success: result => new RtcpArrived(group, track, socket, (IPEndPoint)result.RemoteEndPoint, track.RtcpBuffer.AsSpan(0, result.ReceivedBytes).ToArray()),
            failure: _ => new RtcpFailed(group, track, socket));
    }

    /// <summary>A reader's RTCP: it proves the client sessions of the readers at its address alive, as a unicast client's RTCP does.</summary>
    private void OnRtcp(RtcpArrived arrived)
    {
        if (arrived.Track.RtcpIn == arrived.Socket && !IsOwnReport(arrived.Source))
        {
            if (!arrived.Track.RtcpBudgets.TryGetValue(arrived.Source.Address, out var budget))
            {
                budget = new RtcpSource(Self, _settings.MaxRtcpPerSecond);
                arrived.Track.RtcpBudgets[arrived.Source.Address] = budget;
            }

            if (budget.TryForward(MonotonicClock.NowMicros))
            {
                foreach (var connection in arrived.Group.ConnectionsAt(arrived.Source.Address))
                {
                    connection.Tell(new RtspListener.RtcpFromClient(arrived.Source, arrived.Packet));
                }
            }
        }

        ReceiveRtcpNext(arrived.Group, arrived.Track, arrived.Socket);
    }

    private bool IsOwnReport(IPEndPoint source) =>
        source.Port == _sockets.RtcpPort && (_interface.Equals(IPAddress.Any) || source.Address.Equals(_interface));

    // Receives still pending when a track stopped arrive after it: not worth a dead-letter warning.
    private sealed record RtcpArrived(MulticastGroup Group, GroupTrack Track, Socket Socket, IPEndPoint Source, byte[] Packet) : IDeadLetterSuppression;

    private sealed record RtcpFailed(MulticastGroup Group, GroupTrack Track, Socket Socket) : IDeadLetterSuppression;
}
