using Akka.Configuration;

namespace MediaActors.Configuration;

/// <summary>
/// RTSP over TLS: the <c>mediaactors.rtsp.tls</c> HOCON section (see hocon/mediaactors.conf).
/// </summary>
/// <param name="Port">The rtsps:// port; 0: off.</param>
/// <param name="CertificatePath">PEM file of the certificate and its chain; empty with <paramref name="KeyPath"/>: a self-signed one is made.</param>
/// <param name="KeyPath">PEM file of the certificate's private key.</param>
public sealed record TlsSettings(int Port, string CertificatePath, string KeyPath)
{
    private const string Section = "mediaactors.rtsp.tls";

    public bool Enabled => Port != 0;

    /// <summary>Whether a certificate is configured, rather than made at start.</summary>
    public bool HasCertificate => CertificatePath.Length > 0;

    public static TlsSettings FromConfig(Config tls)
    {
        var settings = new TlsSettings(tls.GetInt("port"), tls.GetString("certificate") ?? "", tls.GetString("key") ?? "");
        if (settings.Port is < 0 or > 65535)
        {
            throw new ConfigurationException($"{Section}.port {settings.Port} must be 0 (off) or a TCP port.");
        }

        if ((settings.CertificatePath.Length == 0) != (settings.KeyPath.Length == 0))
        {
            throw new ConfigurationException($"{Section}.certificate and {Section}.key go together: give both, or neither for a self-signed certificate.");
        }

        return settings;
    }
}
