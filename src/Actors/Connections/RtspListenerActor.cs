using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Akka.Event;
using MediaActors.Configuration;
using MediaActors.Connections.Tls;
using MediaActors.Delivery;
using MediaActors.Multicast;

namespace MediaActors.Connections;

/// <summary>
/// Owns the server's listening TCP sockets (RTSP, and RTSP over TLS when configured) and its
/// shared RTP/RTCP UDP sockets while the server is started, and spawns one
/// <see cref="RtspConnectionActor"/> per accepted connection, and per RTSP-over-HTTP tunnel half
/// the HTTP server hands over, up to the configured cap. A failing connection is stopped alone;
/// the listener and the others go on.
/// </summary>
public sealed class RtspListenerActor : ReceiveActor
{
    // RTCP compound packets are small (a receiver report with SDES is under 100 bytes).
    private const int RtcpBufferBytes = 2048;

    private static readonly byte[] TooManyConnections =
        Encoding.ASCII.GetBytes("RTSP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");

    private static readonly byte[] TooManyTunnels =
        Encoding.ASCII.GetBytes("HTTP/1.0 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");

    private readonly IActorRef _registry;
    private readonly RtspServerSettings _settings;
    private readonly HttpTunnels _tunnels = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private Socket? _listener;
    private Socket? _tlsListener;
    private TlsAcceptor? _tlsAcceptor;
    private UdpSocketPair? _udp;
    private ConnectionServices? _services;
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
        Receive<RtspListener.Adopt>(adopt => adopt.Connection.Dispose());
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
        Receive<RtspListener.Adopt>(OnAdopt);
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
        Socket? listener = null, tlsListener = null;
        UdpSocketPair? multicastSockets = null;
        try
        {
            listener = Listen(endpoint);
            if (_settings.Tls.Enabled)
            {
                var tlsEndpoint = new IPEndPoint(request.Address, _settings.Tls.Port);
                _tlsAcceptor ??= new TlsAcceptor(ServerCertificate.For(_settings.Tls, [request.Address]), _settings.RequestTimeout);
                tlsListener = Listen(tlsEndpoint);
            }

            _udp = UdpSocketPair.Bind(request.Address, _settings.UdpPortBase);
            // Socket options the interface refuses fail Start() here, not later at a multicast PLAY.
            multicastSockets = _settings.Multicast.Enabled ? UdpSocketPair.ForMulticast(request.Address, _settings.Multicast.Ttl) : null;
        }
        catch (Exception error)
        {
            // Port in use, no permission, a bad udp-port-base, an unreadable certificate: the caller of Start() learns which.
            listener?.Dispose();
            tlsListener?.Dispose();
            _udp?.Dispose();
            _udp = null;
            Sender.Tell(new Status.Failure(error as RtspServerException ?? new RtspServerException($"Cannot listen for RTSP on {endpoint}: {error.Message}", error)));
            return;
        }

        (_listener, _tlsListener) = (listener, tlsListener);
        var multicast = multicastSockets is null
            ? null
            : Context.ActorOf(MulticastGroupsActor.Props(_settings, request.Address, multicastSockets), $"multicast-{_generation + 1}");
        _services = new ConnectionServices(_registry, _udp, _settings,
            _settings.Authentication?.CreateAuthenticator(), _settings.Publishing.Authentication?.CreateAuthenticator(), _tunnels, multicast);
        _generation++;
        Become(Listening);
        AcceptNext(listener, tls: false);
        ReceiveRtcpNext();
        var bound = (IPEndPoint)listener.LocalEndPoint!;
        _log.Info("Listening for RTSP on {0} (at most {1} connections), RTP/RTCP from UDP {2}-{3}", bound, _settings.MaxConnections, _udp.RtpPort, _udp.RtcpPort);
        var tlsBound = tlsListener?.LocalEndPoint as IPEndPoint;
        if (tlsListener is not null)
        {
            AcceptNext(tlsListener, tls: true);
            var certificate = _tlsAcceptor!.Certificate;
            _log.Info("Listening for RTSP over TLS on {0}, {1} certificate SHA-256 {2}",
                tlsBound, certificate.SelfSigned ? "self-signed" : "configured", certificate.Fingerprint);
        }

        Sender.Tell(new RtspListener.Bound(bound, _udp.RtpPort, _udp.RtcpPort) { TlsEndpoint = tlsBound });
    }

    private static Socket Listen(IPEndPoint endpoint)
    {
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endpoint);
            // The K230 native server's connection backlog.
            listener.Listen(backlog: 20);
            return listener;
        }
        catch (SocketException error)
        {
            listener.Dispose();
            throw new RtspServerException($"Cannot listen for RTSP{(endpoint.Port == 0 ? "" : " on")} {endpoint}: {error.Message}", error);
        }
    }

    private void Unbind()
    {
        _listener?.Dispose();
        _tlsListener?.Dispose();
        (_listener, _tlsListener) = (null, null);
        foreach (var connection in Context.GetChildren())
        {
            Context.Stop(connection);
        }

        _udp?.Dispose();
        _udp = null;
        _rtcpSources.Clear();
        Become(Stopped);
        _log.Info("Stopped listening for RTSP");
    }

    private void AcceptNext(Socket listener, bool tls)
    {
        var generation = _generation;
        listener.AcceptAsync().PipeTo(Self,
            success: socket => new Accepted(socket, tls, generation),
            failure: error => new AcceptFailed(error, tls, generation));
    }

    private void OnAccepted(Accepted accepted)
    {
        if (accepted.Generation != _generation)
        {
            accepted.Socket.Dispose();
            return;
        }

        AcceptNext(accepted.Tls ? _tlsListener! : _listener!, accepted.Tls);
        if (accepted.Socket.RemoteEndPoint is not IPEndPoint peer)
        {
            // The peer reset the connection before we looked at it.
            accepted.Socket.Dispose();
            return;
        }

        ConnectionStream connection;
        try
        {
            // Responses and interleaved frames are complete messages; do not hold them back.
            accepted.Socket.NoDelay = true;
            if (IsRefused(peer))
            {
                // Over TLS an answer would need a handshake first: such a client is just closed.
                RefuseAndClose(accepted.Socket, accepted.Tls ? null : TooManyConnections);
                return;
            }

            connection = accepted.Tls ? _tlsAcceptor!.Accept(accepted.Socket) : ConnectionStream.Over(accepted.Socket);
        }
        catch (SocketException error)
        {
            // The peer reset the connection before we looked at it.
            _log.Debug("Dropped an RTSP connection that failed on arrival: {0}", error.Message);
            accepted.Socket.Dispose();
            return;
        }

        Spawn(connection);
    }

    /// <summary>A tunnel half from the HTTP port: served like one of the listener's own, within the same limits.</summary>
    private void OnAdopt(RtspListener.Adopt adopt)
    {
        if (IsRefused(adopt.Connection.Remote))
        {
            _ = adopt.Connection.Stream.WriteAsync(TooManyTunnels).AsTask()
                .ContinueWith(_ => adopt.Connection.Dispose(), TaskScheduler.Default);
            return;
        }

        Spawn(adopt.Connection);
    }

    /// <summary>Whether the limits refuse one more connection from <paramref name="peer"/>; logs why.</summary>
    private bool IsRefused(IPEndPoint peer)
    {
        if (_connections.Refusal(peer.Address) is not { } reason)
        {
            return false;
        }

        _log.Warning("Refused RTSP connection from {0}: {1}", peer, reason);
        return true;
    }

    private void Spawn(ConnectionStream connection)
    {
        var actor = Context.ActorOf(RtspConnectionActor.Props(connection, _services!), $"connection-{++_acceptedCount}");
        Context.Watch(actor);
        _connections.Add(actor, connection.Remote.Address);
    }

    private void OnAcceptFailed(AcceptFailed failed)
    {
        var listener = failed.Tls ? _tlsListener : _listener;
        if (failed.Generation != _generation || listener is null)
        {
            return;
        }
        // Accept errors such as a connection reset before it was accepted concern one peer only.
        _log.Warning("Accepting an RTSP connection failed: {0}", failed.Error.Message);
        AcceptNext(listener, failed.Tls);
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

    private static void RefuseAndClose(Socket socket, byte[]? refusal)
    {
        try
        {
            if (refusal is not null)
            {
                // Non-blocking: the answer fits an empty socket buffer, or the peer is not worth waiting for.
                socket.Blocking = false;
                socket.Send(refusal);
            }
        }
        catch (SocketException)
        {
            // The peer is gone already, or does not read; nothing to tell it.
        }
        socket.Dispose();
    }

    protected override void PostStop()
    {
        _listener?.Dispose();
        _tlsListener?.Dispose();
        _udp?.Dispose();
    }

    // Results of an accept still pending when the listener stopped arrive after it: not worth a dead-letter warning.
    private sealed record Accepted(Socket Socket, bool Tls, int Generation) : IDeadLetterSuppression;

    private sealed record AcceptFailed(Exception Error, bool Tls, int Generation) : IDeadLetterSuppression;

    private sealed record RtcpReceived(IPEndPoint Source, byte[] Packet, int Generation) : IDeadLetterSuppression;

    private sealed record RtcpReceiveFailed(Exception Error, int Generation) : IDeadLetterSuppression;
}
