using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace MediaActors.Connections.Tls;

/// <summary>
/// Turns a connection accepted on the rtsps:// port into a TLS stream. The handshake runs in the
/// background (the connection starts reading once it is done) and must finish within the
/// request timeout. A client that speaks plain RTSP to this port gets a plain-text 400 saying to
/// use rtsps://, instead of a TLS alert it could not read.
/// </summary>
public sealed class TlsAcceptor(ServerCertificate certificate, TimeSpan handshakeTimeout)
{
    // The first byte of every TLS connection: a handshake record (RFC 8446 5.1).
    private const byte HandshakeRecord = 0x16;

    private static readonly byte[] PlainRequestRefusal = Encoding.ASCII.GetBytes(
        "RTSP/1.0 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 42\r\nConnection: close\r\n\r\n" +
        "This port speaks RTSP over TLS: rtsps://\r\n");

    private readonly SslServerAuthenticationOptions _options = new()
    {
        ServerCertificateContext = certificate.Context,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = false,
    };

    public ServerCertificate Certificate => certificate;

    public ConnectionStream Accept(Socket socket)
    {
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        return new ConnectionStream(tls, remote, local, ConnectionSecurity.Tls, HandshakeAsync(socket, tls));
    }

    private async Task HandshakeAsync(Socket socket, SslStream tls)
    {
        using var deadline = new CancellationTokenSource(handshakeTimeout);
        try
        {
            var first = new byte[1];
            var peeked = await socket.ReceiveAsync(first, SocketFlags.Peek, deadline.Token).ConfigureAwait(false);
            if (peeked == 1 && first[0] != HandshakeRecord)
            {
                await socket.SendAsync(PlainRequestRefusal, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                throw new AuthenticationException("the client spoke plain text, not TLS (answered 400: use rtsps://)");
            }

            await tls.AuthenticateAsServerAsync(_options, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"no TLS handshake within {handshakeTimeout.TotalSeconds:0.#} s");
        }
    }
}
