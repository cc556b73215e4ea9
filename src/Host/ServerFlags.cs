using System.Net;
using Akka.Configuration;
using MediaActors.Host.Logging;

namespace MediaActors.Host;

/// <summary>The RTSP server's command-line flags (<see cref="RtspOptions"/>), common to serve, board and relay.</summary>
public sealed record ServerFlags(string? Bind, string? Advertise, string? User, string? Password, FileInfo? ConfigFile)
{
    /// <summary>The user name publishers must give (--publish-user), apart from readers'.</summary>
    public string? PublishUser { get; init; }

    public string? PublishPassword { get; init; }

    /// <summary>--no-publish: publishers are refused.</summary>
    public bool NoPublish { get; init; }

    /// <summary>--rtsps-port: the RTSP-over-TLS port, 0 for none.</summary>
    public int? RtspsPort { get; init; }

    /// <summary>--http-port: the HTTP server's port, 0 for none.</summary>
    public int? HttpPort { get; init; }

    /// <summary>--record: the directory sessions are recorded into.</summary>
    public string? RecordDirectory { get; init; }

    /// <summary>--log-format: text or json.</summary>
    public string? LogFormat { get; init; }

    /// <summary>
    /// <paramref name="overrides"/> and these flags over the --config file over <paramref name="shipped"/>.
    /// Throws <see cref="ArgumentException"/> or <see cref="FileNotFoundException"/> naming a bad flag,
    /// <see cref="ConfigurationException"/> when the file is not HOCON.
    /// </summary>
    public LayeredConfig ToConfig(HoconOverrides overrides, Config shipped)
    {
        if (Bind is not null && !IPAddress.TryParse(Bind, out _))
        {
            throw new ArgumentException($"--bind '{Bind}' is not an IP address.");
        }

        if ((User is null) != (Password is null))
        {
            throw new ArgumentException("--user and --password go together.");
        }

        if ((PublishUser is null) != (PublishPassword is null))
        {
            throw new ArgumentException("--publish-user and --publish-password go together.");
        }

        if (NoPublish && PublishUser is not null)
        {
            throw new ArgumentException("--no-publish refuses every publisher; --publish-user would have no use.");
        }

        if (HttpPort is < 0 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentException($"--http-port {HttpPort} is not a port (0 for no HTTP server, up to {IPEndPoint.MaxPort}).");
        }

        if (RtspsPort is < 0 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentException($"--rtsps-port {RtspsPort} is not a port (0 for no RTSP over TLS, up to {IPEndPoint.MaxPort}).");
        }

        if (LogFormat is not null && !ConsoleLogSettings.TryParseFormat(LogFormat, out _))
        {
            throw new ArgumentException($"--log-format '{LogFormat}' is not a log format: use {string.Join(" or ", ConsoleLogSettings.FormatNames)}.");
        }

        overrides
            .Set(ConsoleLogSettings.FormatKey, LogFormat?.ToLowerInvariant(), "--log-format")
            .Set("mediaactors.recording.directory", RecordDirectory is null ? null : Path.GetFullPath(RecordDirectory), "--record")
            .Set("mediaactors.http.port", HttpPort, "--http-port")
            .Set("mediaactors.rtsp.tls.port", RtspsPort, "--rtsps-port")
            .Set("mediaactors.rtsp.bind-address", Bind, "--bind")
            .Set("mediaactors.rtsp.advertised-address", Advertise, "--advertise")
            .Set("mediaactors.rtsp.auth.user", User, "--user")
            .Set("mediaactors.rtsp.auth.password", Password, "--password")
            .Set("mediaactors.rtsp.publish.user", PublishUser, "--publish-user")
            .Set("mediaactors.rtsp.publish.password", PublishPassword, "--publish-password")
            .Set("mediaactors.rtsp.publish.enabled", NoPublish ? "off" : null, "--no-publish");
        return LayeredConfig.Read(overrides, ConfigFile, shipped);
    }
}
