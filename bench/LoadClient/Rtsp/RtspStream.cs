using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace MediaActors.LoadClient.Rtsp;

/// <summary>
/// The byte stream an RTSP connection reads and writes over its socket: the socket itself for
/// rtsp://, TLS over it for rtsps:// (RTSP and the interleaved media both inside the TLS connection).
/// </summary>
public static class RtspStream
{
    public const string TlsScheme = "rtsps";

    /// <summary>The ports a URL without one means (RFC 2326 3.2; 322 for RTSP over TLS by IANA).</summary>
    public static int DefaultPort(Uri url) => IsTls(url) ? 322 : 554;

    public static bool IsTls(Uri url) => url.Scheme.Equals(TlsScheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A stream over <paramref name="socket"/> (which it does not own), after the TLS handshake for
    /// rtsps://. The server's certificate is not validated: the client measures a server, and the
    /// benchmark's servers present throwaway self-signed certificates.
    /// </summary>
    public static async Task<Stream> OpenAsync(Socket socket, Uri url, CancellationToken cancellation)
    {
        var network = new NetworkStream(socket, ownsSocket: false);
        if (!IsTls(url))
        {
            return network;
        }

        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = url.Host,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            }, cancellation);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    /// <summary>What TLS the stream negotiated ("Tls13 TLS_AES_256_GCM_SHA384"); null for a plain stream.</summary>
    public static string? Negotiated(Stream stream) =>
        stream is SslStream tls ? $"{tls.SslProtocol} {tls.NegotiatedCipherSuite}" : null;
}
