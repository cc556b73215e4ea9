using System.Net;

namespace MediaActors.Connections;

/// <summary>The messages of <see cref="RtspListenerActor"/>.</summary>
public static class RtspListener
{
    /// <summary>Starts listening; answered with <see cref="Bound"/> or a <c>Status.Failure</c> naming the problem.</summary>
    public sealed record Bind(IPAddress Address, int Port);

    /// <summary>Where the listener accepts RTSP, sends RTP and RTCP from, and (when configured) accepts RTSP over TLS.</summary>
    public sealed record Bound(IPEndPoint Endpoint, int RtpPort, int RtcpPort)
    {
        public IPEndPoint? TlsEndpoint { get; init; }
    }

    /// <summary>
    /// From the HTTP server: a connection whose first request opens half of an RTSP-over-HTTP
    /// tunnel (its head still unread in the stream). The listener serves it like one of its own,
    /// within the same limits; disposing the stream is how the HTTP server learns it ended.
    /// </summary>
    public sealed record Adopt(ConnectionStream Connection);

    /// <summary>Stops listening and ends every connection; answered with <see cref="Unbound"/>.</summary>
    public sealed class Unbind
    {
        public static readonly Unbind Instance = new();
        private Unbind() { }
    }

    public sealed class Unbound
    {
        public static readonly Unbound Instance = new();
        private Unbound() { }
    }

    /// <summary>From a connection: RTCP arriving from <paramref name="Source"/> (a UDP client's
    /// RTCP port) belongs to the sender of this message.</summary>
    public sealed record RegisterRtcpSource(IPEndPoint Source);

    public sealed record UnregisterRtcpSource(IPEndPoint Source);

    /// <summary>To a connection: an RTCP compound packet one of its UDP clients sent.</summary>
    public sealed record RtcpFromClient(IPEndPoint Source, byte[] Packet);

    /// <summary>Asks the listener for its counters.</summary>
    public sealed class GetStats
    {
        public static readonly GetStats Instance = new();
        private GetStats() { }
    }

    /// <summary>
    /// Connections open now and accepted in all; RTCP datagrams from clients forwarded to their
    /// connections, and dropped past the per-client budget; <see cref="Listening"/> is where it
    /// accepts connections now (null while not started).
    /// </summary>
    public sealed record Stats(int Connections, long Accepted, long RtcpForwarded, long RtcpDropped)
    {
        public IPEndPoint? Listening { get; init; }
    }
}
