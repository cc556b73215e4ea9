using System.Net;
using Akka.Configuration;
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
    TimeSpan DescribeWait,
    int MaxRtpPacketSize,
    int MaxFrameBytes,
    long IngestQueueBytes,
    int ClientFramesInFlight,
    long ClientQueueBytes,
    int MaxConnections,
    RtspParserLimits ParserLimits)
{
    /// <summary>The shipped defaults.</summary>
    public static RtspServerSettings Default { get; } = FromConfig(MediaActorsConfig.Default);

    /// <summary>Reads the <c>mediaactors.rtsp</c> section, falling back to the shipped defaults key by key.</summary>
    public static RtspServerSettings FromConfig(Config config)
    {
        var rtsp = MediaActorsConfig.WithDefaults(config).GetConfig("mediaactors.rtsp");
        var bind = rtsp.GetString("bind-address");
        if (!IPAddress.TryParse(bind, out var bindAddress))
            throw new ConfigurationException($"mediaactors.rtsp.bind-address '{bind}' is not an IP address.");

        return new RtspServerSettings(
            BindAddress: bindAddress,
            AdvertisedAddress: rtsp.GetString("advertised-address") ?? "",
            UdpPortBase: rtsp.GetInt("udp-port-base"),
            SessionTimeout: rtsp.GetTimeSpan("session-timeout"),
            SessionTimeoutGrace: rtsp.GetTimeSpan("session-timeout-grace"),
            DescribeWait: rtsp.GetTimeSpan("describe-wait"),
            MaxRtpPacketSize: rtsp.GetInt("max-rtp-packet-size"),
            MaxFrameBytes: checked((int)rtsp.GetByteSize("max-frame-bytes")!.Value),
            IngestQueueBytes: rtsp.GetByteSize("ingest-queue-bytes")!.Value,
            ClientFramesInFlight: rtsp.GetInt("client-frames-in-flight"),
            ClientQueueBytes: rtsp.GetByteSize("client-queue-bytes")!.Value,
            MaxConnections: rtsp.GetInt("max-connections"),
            ParserLimits: new RtspParserLimits(
                MaxRequestLineLength: rtsp.GetInt("max-request-line"),
                MaxHeaderCount: rtsp.GetInt("max-header-count"),
                MaxHeaderBytes: rtsp.GetInt("max-header-bytes"),
                MaxBodyBytes: rtsp.GetInt("max-body-bytes")));
    }

    /// <summary>The session timeout the server enforces: the advertised one plus the grace.</summary>
    public TimeSpan EnforcedSessionTimeout => SessionTimeout + SessionTimeoutGrace;
}
