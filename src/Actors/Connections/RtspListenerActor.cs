using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Akka.Event;
using MediaActors.Configuration;
using MediaActors.Delivery;
using MediaActors.Multicast;
using MediaActors.Protocol.Auth;

namespace MediaActors.Connections;

/// <summary>
/// Owns the server's listening TCP socket and its shared RTP/RTCP UDP sockets while the server
/// is started, and spawns one <see cref="RtspConnectionActor"/> per accepted connection, up to
/// the configured cap. A failing connection is stopped alone; the listener and the others go on.
/// </summary>
public sealed class RtspListenerActor : ReceiveActor
{
    // RTCP compound packets are small (a receiver report with SDES is under 100 bytes).
    private const int RtcpBufferBytes = 2048;

    private static readonly byte[] TooManyConnections =
        Encoding.ASCII.GetBytes("RTSP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");

    private readonly IActorRef _registry;
    private readonly RtspServerSettings _settings;
    private readonly RtspAuthenticator? _authenticator;
    private readonly RtspAuthenticator? _publishAuthenticator;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private Socket? _listener;
    private UdpSocketPair? _udp;

    /// <summary>The multicast groups while listening with multicast switched on.</summary>
    private IActorRef? _multicast;
    private readonly Dictionary<IPEndPoint, RtcpSource> _rtcpSources = new();
    private readonly byte[] _rtcpBuffer = new byte[RtcpBufferBytes];
    private int _generation;
    private readonly ConnectionLimits _connections;
    private long _acceptedCount;
    private long _rtcpForwarded, _rtcpDropped;

    public RtspListenerActor(IActorRef registry, RtspServerSettings settings)
    {
        _registry = registry;
        _settings = settings;
        _connections = new ConnectionLimits(settings.MaxConnections, settings.MaxConnectionsPerAddress);
        _authenticator = settings.Authentication?.CreateAuthenticator();
        _publishAuthenticator = settings.Publishing.Authentication?.CreateAuthenticator();
        Become(Stopped);
    }

    public static Props Props(IActorRef registry, RtspServerSettings settings) =>
        Akka.Actor.Props.Create(() => new RtspListenerActor(registry, settings));

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(Decider.From(Directive.Stop));

    private void Stopped()
    {
        Receive<RtspListener.Bind>(Bind);
        Receive<RtspListener.Unbind>(_ => Sender.Tell(RtspListener.Unbound.Instance));
        Receive<RtspListener.GetStats>(_ => ReplyStats());
        Receive<Accepted>(accepted => accepted.Socket.Dispose());
        Receive<AcceptFailed>(_ => { });
        Receive<RtcpReceived>(_ => { });
        Receive<RtcpReceiveFailed>(_ => { });
        Receive<RtspListener.RegisterRtcpSource>(_ => { });
        Receive<RtspListener.UnregisterRtcpSource>(_ => { });
        Receive<Terminated>(OnConnectionTerminated);
    }

    private void Listening()
    {
        Receive<RtspListener.Bind>(_ => Sender.Tell(new Status.Failure(
            new RtspServerException("The server is already started; call Stop() first."))));
        Receive<Accepted>(OnAccepted);
        Receive<RtspListener.GetStats>(_ => ReplyStats());
        Receive<AcceptFailed>(OnAcceptFailed);
        Receive<RtcpReceived>(OnRtcpReceived);
        Receive<RtcpReceiveFailed>(OnRtcpReceiveFailed);
        Receive<RtspListener.RegisterRtcpSource>(register => _rtcpSources[register.Source] = new RtcpSource(Sender, _settings.MaxRtcpPerSecond));
        Receive<RtspListener.UnregisterRtcpSource>(unregister =>
        {
            if (_rtcpSources.TryGetValue(unregister.Source, out var owner) && owner.Equals(Sender))
            {
                _rtcpSources.Remove(unregister.Source);
            }
        });
        Receive<RtspListener.Unbind>(_ =>
        {
            Unbind();
            Sender.Tell(RtspListener.Unbound.Instance);
        });
        Receive<Terminated>(OnConnectionTerminated);
    }

    private void Bind(RtspListener.Bind request)
    {
        var endpoint = new IPEndPoint(request.Address, request.Port);
        var listener = new Socket(request.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endpoint);
            // The K230 native server's connection backlog.
            listener.Listen(backlog: 20);
            _udp = UdpSocketPair.Bind(request.Address, _settings.UdpPortBase);
            // Socket options the interface refuses fail Start() here, not later at a multicast PLAY.
            _multicast = _settings.Multicast.Enabled
                ? Context.ActorOf(MulticastGroupsActor.Props(_settings, request.Address, UdpSocketPair.ForMulticast(request.Address, _settings.Multicast.Ttl)),
                    $"multicast-{_generation + 1}")
                : null;
        }
        catch (Exception error)
        {
            // Port in use, no permission, a bad udp-port-base: the caller of Start() learns which.
            listener.Dispose();
            _udp?.Dispose();
            _udp = null;
            Sender.Tell(new Status.Failure(new RtspServerException($"Cannot listen for RTSP on {endpoint}: {error.Message}", error)));
            return;
        }

        _listener = listener;
        _generation++;
        Become(Listening);
        AcceptNext();
        ReceiveRtcpNext();
        var bound = (IPEndPoint)listener.LocalEndPoint!;
        _log.Info("Listening for RTSP on {0}, RTP/RTCP from UDP {1}-{2}", bound, _udp.RtpPort, _udp.RtcpPort);
        Sender.Tell(new RtspListener.Bound(bound, _udp.RtpPort, _udp.RtcpPort));
    }

    private void Unbind()
    {
        _listener?.Dispose();
        _listener = null;
        foreach (var connection in Context.GetChildren())
        {
            Context.Stop(connection);
        }

        _udp?.Dispose();
        _udp = null;
        _multicast = null;
        _rtcpSources.Clear();
        Become(Stopped);
        _log.Info("Stopped listening for RTSP");
    }

    private void AcceptNext()
    {
        var generation = _generation;
        _listener!.AcceptAsync().PipeTo(Self,
            success: socket => new Accepted(socket, generation),
            failure: error => new AcceptFailed(error, generation));
    }

    private void OnAccepted(Accepted accepted)
    {
        if (accepted.Generation != _generation)
        {
            accepted.Socket.Dispose();
            return;
        }

        AcceptNext();
        var peer = accepted.Socket.RemoteEndPoint as IPEndPoint;
        if (peer is null)
        {
            // The peer reset the connection before we looked at it.
            accepted.Socket.Dispose();
            return;
        }

        if (_connections.Refusal(peer.Address) is { } refusal)
        {
            _log.Warning("Refused RTSP connection from {0}: {1}", peer, refusal);
            RefuseAndClose(accepted.Socket);
            return;
        }

        try
        {
            // Responses and interleaved frames are complete messages; do not hold them back.
            accepted.Socket.NoDelay = true;
            var connection = Context.ActorOf(
                RtspConnectionActor.Props(accepted.Socket, _registry, _udp!, _settings, _authenticator, _publishAuthenticator, _multicast), $"connection-{++_acceptedCount}");
            Context.Watch(connection);
            _connections.Add(connection, peer.Address);
        }
        catch (SocketException error)
        {
            // The peer reset the connection before we looked at it.
            _log.Debug("Dropped an RTSP connection that failed on arrival: {0}", error.Message);
            accepted.Socket.Dispose();
        }
    }

    private void OnAcceptFailed(AcceptFailed failed)
    {
        if (failed.Generation != _generation || _listener is null)
        {
            return;
        }
        // Accept errors such as a connection reset before it was accepted concern one peer only.
        _log.Warning("Accepting an RTSP connection failed: {0}", failed.Error.Message);
        AcceptNext();
    }

    private void ReceiveRtcpNext()
    {
        var generation = _generation;
        _udp!.Rtcp.ReceiveFromAsync(_rtcpBuffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)).PipeTo(Self,
            success: result => new RtcpReceived((IPEndPoint)result.RemoteEndPoint, _rtcpBuffer.AsSpan(0, result.ReceivedBytes).ToArray(), generation),
            failure: error => new RtcpReceiveFailed(error, generation));
    }

    /// <summary>Hands RTCP from a UDP client to the connection that set it up; RTCP from anyone else is ignored.</summary>
    private void OnRtcpReceived(RtcpReceived received)
    {
        if (received.Generation != _generation)
        {
            return;
        }

        if (_rtcpSources.TryGetValue(received.Source, out var source))
        {
            if (source.TryForward(MonotonicClock.NowMicros))
            {
                _rtcpForwarded++;
                source.Connection.Tell(new RtspListener.RtcpFromClient(received.Source, received.Packet));
            }
            else
            {
                _rtcpDropped++;
            }
        }
        ReceiveRtcpNext();
    }

    private void ReplyStats() => Sender.Tell(new RtspListener.Stats(_connections.Count, _acceptedCount, _rtcpForwarded, _rtcpDropped)
    {
        Listening = _listener?.LocalEndPoint as IPEndPoint,
    });

    private void OnRtcpReceiveFailed(RtcpReceiveFailed failed)
    {
        if (failed.Generation != _generation || _udp is null)
        {
            return;
        }
        // An ICMP error for one client (port unreachable) surfaces here; keep listening for the others.
        _log.Debug("Receiving RTCP failed: {0}", failed.Error.Message);
        ReceiveRtcpNext();
    }

    private void OnConnectionTerminated(Terminated terminated)
    {
        _connections.Remove(terminated.ActorRef);
        foreach (var source in _rtcpSources.Where(entry => entry.Value.Connection.Equals(terminated.ActorRef)).Select(entry => entry.Key).ToList())
        {
            _rtcpSources.Remove(source);
        }
    }

    private static void RefuseAndClose(Socket socket)
    {
        try
        {
            socket.Send(TooManyConnections);
        }
        catch (SocketException)
        {
            // The peer is gone already; nothing to tell it.
        }
        socket.Dispose();
    }

    protected override void PostStop()
    {
        _listener?.Dispose();
        _udp?.Dispose();
    }

    // Results of an accept still pending when the listener stopped arrive after it: not worth a dead-letter warning.
    private sealed record Accepted(Socket Socket, int Generation) : IDeadLetterSuppression;

    private sealed record AcceptFailed(Exception Error, int Generation) : IDeadLetterSuppression;

    private sealed record RtcpReceived(IPEndPoint Source, byte[] Packet, int Generation) : IDeadLetterSuppression;

    private sealed record RtcpReceiveFailed(Exception Error, int Generation) : IDeadLetterSuppression;
}
