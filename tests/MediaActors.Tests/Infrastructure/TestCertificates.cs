using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MediaActors.Tests.Infrastructure;

/// <summary>PEM files of a test certificate authority and a server certificate it issued for 127.0.0.1, in a directory of their own.</summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    public string AuthorityPath => Path.Combine(Directory, "ca.pem");

    public string CertificatePath => Path.Combine(Directory, "server.pem");

    public string KeyPath => Path.Combine(Directory, "server.key");

    /// <summary>Another authority's certificate, which did not issue the server's: validation against it must fail.</summary>
    public string StrangerAuthorityPath => Path.Combine(Directory, "stranger.pem");

    public static TestCertificates Create()
    {
        var certificates = new TestCertificates(System.IO.Directory.CreateTempSubdirectory("mediaactors-tls-").FullName);
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var authority = SelfSignedAuthority("CN=MediaActors Test CA", authorityKey);
        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = SelfSignedAuthority("CN=Someone Else's CA", strangerKey);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var server = request.Create(authority, now.AddDays(-1), now.AddDays(30), [1, 2, 3, 4]);

        File.WriteAllText(certificates.AuthorityPath, authority.ExportCertificatePem());
        File.WriteAllText(certificates.StrangerAuthorityPath, stranger.ExportCertificatePem());
        File.WriteAllText(certificates.CertificatePath, server.ExportCertificatePem() + "\n" + authority.ExportCertificatePem());
        File.WriteAllText(certificates.KeyPath, serverKey.ExportPkcs8PrivateKeyPem());
        return certificates;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static X509Certificate2 SelfSignedAuthority(string name, ECDsa key)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }
}
