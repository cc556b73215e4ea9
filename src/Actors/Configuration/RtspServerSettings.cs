using System.Net;
using Akka.Configuration;
using MediaActors.Multicast;
using MediaActors.Protocol.Auth;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Configuration;

/// <summary>
/// Everything the RTSP server can be tuned with; read from the <c>mediaactors.rtsp</c> HOCON
/// section (see hocon/mediaactors.conf for what each value means and why it has its default).
/// </summary>
public sealed record RtspServerSettings(
    IPAddress BindAddress,
    string AdvertisedAddress,
    int UdpPortBase,
    TimeSpan SessionTimeout,
    TimeSpan SessionTimeoutGrace,
    TimeSpan IdleConnectionTimeout,
    TimeSpan RequestTimeout,
    TimeSpan DescribeWait,
    TimeSpan RtcpInterval,
    int MaxRtpPacketSize,
    int MaxFrameBytes,
    long IngestQueueBytes,
    int ClientFramesInFlight,
    long ClientQueueBytes,
    TimeSpan ClientStallTimeout,
    bool GopCache,
    long GopCacheMaxBytes,
    int SourceCredit,
    int ReceivedSourceCredit,
    int MaxConnections,
    int MaxConnectionsPerAddress,
    int MaxRtcpPerSecond,
    RtspParserLimits ParserLimits,
    AuthenticationSettings? Authentication,
    PublishingSettings Publishing,
    MulticastSettings Multicast,
    TlsSettings Tls)
{
    /// <summary>The shipped defaults.</summary>
    public static RtspServerSettings Default { get; } = FromConfig(MediaActorsConfig.Default);

    /// <summary>Reads the <c>mediaactors.rtsp</c> section, falling back to the shipped defaults key by key.</summary>
    public static RtspServerSettings FromConfig(Config config)
    {
        var rtsp = MediaActorsConfig.WithDefaults(config).GetConfig("mediaactors.rtsp");
        var bind = rtsp.GetString("bind-address");
        if (!IPAddress.TryParse(bind, out var bindAddress))
        {
            throw new ConfigurationException($"mediaactors.rtsp.bind-address '{bind}' is not an IP address.");
        }

        return Validated(new RtspServerSettings(
            BindAddress: bindAddress,
            AdvertisedAddress: rtsp.GetString("advertised-address") ?? "",
            UdpPortBase: rtsp.GetInt("udp-port-base"),
            SessionTimeout: rtsp.GetTimeSpan("session-timeout"),
            SessionTimeoutGrace: rtsp.GetTimeSpan("session-timeout-grace"),
            IdleConnectionTimeout: rtsp.GetTimeSpan("idle-connection-timeout"),
            RequestTimeout: rtsp.GetTimeSpan("request-timeout"),
            DescribeWait: rtsp.GetTimeSpan("describe-wait"),
            RtcpInterval: rtsp.GetTimeSpan("rtcp-interval"),
            MaxRtpPacketSize: rtsp.GetInt("max-rtp-packet-size"),
            MaxFrameBytes: checked((int)rtsp.GetByteSize("max-frame-bytes")!.Value),
            IngestQueueBytes: rtsp.GetByteSize("ingest-queue-bytes")!.Value,
            ClientFramesInFlight: rtsp.GetInt("client-frames-in-flight"),
            ClientQueueBytes: rtsp.GetByteSize("client-queue-bytes")!.Value,
            ClientStallTimeout: rtsp.GetTimeSpan("client-stall-timeout"),
            GopCache: rtsp.GetBoolean("gop-cache"),
            GopCacheMaxBytes: rtsp.GetByteSize("gop-cache-max-bytes")!.Value,
            SourceCredit: rtsp.GetInt("source-credit"),
            ReceivedSourceCredit: rtsp.GetInt("received-source-credit"),
            MaxConnections: MaxConnectionsFrom(rtsp),
            MaxConnectionsPerAddress: rtsp.GetInt("max-connections-per-ip"),
            MaxRtcpPerSecond: rtsp.GetInt("max-rtcp-per-second"),
            ParserLimits: new RtspParserLimits(
                MaxRequestLineLength: rtsp.GetInt("max-request-line"),
                MaxHeaderCount: rtsp.GetInt("max-header-count"),
                MaxHeaderBytes: rtsp.GetInt("max-header-bytes"),
                MaxBodyBytes: rtsp.GetInt("max-body-bytes")),
            Authentication: AuthenticationSettings.FromConfig(rtsp.GetConfig("auth")),
            Publishing: PublishingSettings.FromConfig(rtsp.GetConfig("publish")),
            Multicast: MulticastSettings.FromConfig(rtsp.GetConfig("multicast")),
            Tls: TlsSettings.FromConfig(rtsp.GetConfig("tls"))));
    }

    /// <summary>max-connections: a number, or <c>auto</c> for what the process's open-file limit leaves room for.</summary>
    private static int MaxConnectionsFrom(Config rtsp)
    {
        var value = rtsp.GetString("max-connections");
        if (string.Equals(value, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return FileDescriptorLimit.ConnectionsFor(FileDescriptorLimit.Current);
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new ConfigurationException($"mediaactors.rtsp.max-connections '{value}' is neither a number nor auto.");
    }

    /// <summary>Checks the values that would make the server misbehave, naming the HOCON key.</summary>
    public static RtspServerSettings Validated(RtspServerSettings settings)
    {
        static void Require(bool valid, string message)
        {
            if (!valid)
            {
                throw new ConfigurationException("mediaactors.rtsp." + message);
            }
        }

        Require(settings.UdpPortBase is >= 0 and <= 65534, $"udp-port-base {settings.UdpPortBase} must be 0 or a port up to 65534.");
        Require(settings.SessionTimeout >= TimeSpan.FromSeconds(5), "session-timeout must be at least 5 s.");
        Require(settings.IdleConnectionTimeout >= TimeSpan.FromSeconds(1), "idle-connection-timeout must be at least 1 s.");
        Require(settings.RequestTimeout > TimeSpan.Zero, "request-timeout must be positive.");
        Require(settings.RtcpInterval >= TimeSpan.FromMilliseconds(100), "rtcp-interval must be at least 100 ms.");
        Require(settings.MaxFrameBytes > 0, "max-frame-bytes must be positive.");
        Require(settings.ClientQueueBytes >= 2L * settings.MaxFrameBytes,
            $"client-queue-bytes ({settings.ClientQueueBytes}) must be at least twice max-frame-bytes ({settings.MaxFrameBytes}).");
        Require(settings.ClientFramesInFlight >= 2, "client-frames-in-flight must be at least 2.");
        Require(settings.ClientStallTimeout >= TimeSpan.FromMilliseconds(100), "client-stall-timeout must be at least 100 ms.");
        Require(settings.GopCacheMaxBytes >= 0 && settings.GopCacheMaxBytes <= settings.ClientQueueBytes - settings.MaxFrameBytes,
            $"gop-cache-max-bytes ({settings.GopCacheMaxBytes}) must be between 0 and client-queue-bytes minus max-frame-bytes " +
            $"({settings.ClientQueueBytes - settings.MaxFrameBytes}), or a joining client's catch-up and the next frame could not both be queued.");
        Require(settings.SourceCredit >= 1, "source-credit must be at least 1.");
        Require(settings.ReceivedSourceCredit >= 1, "received-source-credit must be at least 1.");
        Require(settings.IngestQueueBytes >= settings.MaxFrameBytes, "ingest-queue-bytes must be at least max-frame-bytes.");
        Require(settings.MaxConnections >= 1, "max-connections must be at least 1.");
        Require(settings.MaxConnectionsPerAddress >= 0, "max-connections-per-ip must be 0 (no limit) or more.");
        Require(settings.MaxRtcpPerSecond >= 1, "max-rtcp-per-second must be at least 1.");
        try
        {
            settings.Authentication?.CreateAuthenticator();
            settings.Publishing.Authentication?.CreateAuthenticator();
        }
        catch (ArgumentException error)
        {
            throw new ConfigurationException($"mediaactors.rtsp.auth or publish: {error.Message}");
        }
        return settings;
    }

    /// <summary>Frames the GOP cache holds at most: half the frames a client may have in flight, so that a
    /// joining client's catch-up burst leaves room for the live frames behind it.</summary>
    public int GopCacheMaxFrames => ClientFramesInFlight / 2;

    /// <summary>
    /// How many frames an RTP sender handles before it acknowledges them to its session, in one
    /// message: an eighth of the frames in flight (15 at the default of 120), so that 200 clients
    /// at 30 fps cost the session 400 acknowledgements a second instead of 6000, while the session
    /// still stops offering a lagging client frames no later than the bound, and no more than an
    /// eighth of it sooner.
    /// </summary>
    public int FramesPerAcknowledgement => Math.Max(1, ClientFramesInFlight / 8);

    /// <summary>The session timeout the server enforces: the advertised one plus the grace.</summary>
    public TimeSpan EnforcedSessionTimeout => SessionTimeout + SessionTimeoutGrace;
}
