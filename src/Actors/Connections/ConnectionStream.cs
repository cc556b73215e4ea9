using System.Net;
using System.Net.Sockets;

namespace MediaActors.Connections;

/// <summary>How an RTSP connection's bytes travel: plain TCP, TLS (rtsps), or a Kestrel HTTP connection.</summary>
public enum ConnectionSecurity
{
    Plain,
    Tls,
}

/// <summary>
/// The byte stream of one accepted RTSP connection and the two ends it joins. The stream is
/// whatever carries RTSP: a socket's <see cref="NetworkStream"/>, a TLS stream over it, or the
/// duplex pipe of an HTTP connection that turned out to be half of an RTSP-over-HTTP tunnel.
/// </summary>
/// <param name="Ready">Completes when the stream can be read: at once, or after a TLS handshake
/// (faulted with the reason when the handshake fails).</param>
public sealed record ConnectionStream(Stream Stream, IPEndPoint Remote, IPEndPoint Local, ConnectionSecurity Security, Task Ready) : IDisposable
{
    /// <summary>A plain TCP connection; the stream owns the socket.</summary>
    public static ConnectionStream Over(Socket socket) =>
        new(new NetworkStream(socket, ownsSocket: true), (IPEndPoint)socket.RemoteEndPoint!, (IPEndPoint)socket.LocalEndPoint!, ConnectionSecurity.Plain, Task.CompletedTask);

    public void Dispose() => Stream.Dispose();
}
