using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MediaActors.Configuration;

namespace MediaActors.Connections.Tls;

/// <summary>The certificate the rtsps:// listener presents, with the chain it sends, and how to recognise it.</summary>
/// <param name="Context">The certificate and its intermediates, built once for every handshake.</param>
/// <param name="Fingerprint">SHA-256 of the certificate, as colon-separated hex (what a player pins).</param>
/// <param name="SelfSigned">True when made at start because none was configured.</param>
public sealed record ServerCertificate(SslStreamCertificateContext Context, string Fingerprint, bool SelfSigned)
{
    /// <summary>
    /// The configured certificate, or a new self-signed one valid for a year for localhost, this
    /// host's name and <paramref name="addresses"/>. Throws <see cref="RtspServerException"/>
    /// naming the file when a configured one cannot be read.
    /// </summary>
    public static ServerCertificate For(TlsSettings settings, IEnumerable<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.HasCertificate ? Load(settings.CertificatePath, settings.KeyPath) : MakeSelfSigned(addresses);
    }

    private static ServerCertificate Load(string certificatePath, string keyPath)
    {
        try
        {
            using var withKey = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            // Re-imported so the private key is usable by the TLS stack on every platform.
            var certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(certificatePath);
            var intermediates = chain.Cast<X509Certificate2>().Where(other => other.Thumbprint != certificate.Thumbprint).ToArray();
            return new ServerCertificate(
                SslStreamCertificateContext.Create(certificate, new X509Certificate2Collection(intermediates), offline: true),
                FingerprintOf(certificate), SelfSigned: false);
        }
        catch (Exception error) when (error is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new RtspServerException($"Cannot use the TLS certificate {certificatePath} with key {keyPath}: {error.Message}", error);
        }
    }

    private static ServerCertificate MakeSelfSigned(IEnumerable<IPAddress> addresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=MediaActors", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName(Dns.GetHostName());
        foreach (var address in addresses.Append(IPAddress.Loopback).Append(IPAddress.IPv6Loopback).Distinct())
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var made = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        var certificate = X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
        return new ServerCertificate(SslStreamCertificateContext.Create(certificate, null, offline: true), FingerprintOf(certificate), SelfSigned: true);
    }

    private static string FingerprintOf(X509Certificate2 certificate) =>
        string.Join(':', Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(pair => new string(pair)));
}
