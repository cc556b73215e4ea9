namespace MediaActors.Operations;

/// <summary>How a reader takes a session's media; its name in the control API and the metrics.</summary>
public enum ReaderKind
{
    /// <summary>An RTSP client whose RTP goes over UDP.</summary>
    RtspUdp,

    /// <summary>An RTSP client whose RTP is interleaved in its TCP connection.</summary>
    RtspTcp,

    /// <summary>An RTSP client over TLS (rtsps://), its RTP interleaved in the encrypted connection.</summary>
    RtspTls,

    /// <summary>An RTSP client tunnelled through HTTP, its RTP interleaved in the tunnel's GET response.</summary>
    RtspHttp,

    /// <summary>A browser playing the live view over a WebSocket.</summary>
    WebSocket,

    /// <summary>The session's HLS output (every HLS player of the session shares it).</summary>
    Hls,

    /// <summary>The recorder writing the session's segments.</summary>
    Recorder,

    /// <summary>A relay's session on another node, pulling access units.</summary>
    Relay,

    /// <summary>A push of the session to another RTSP server.</summary>
    Push,

    /// <summary>An RTSP client reading the session's multicast group (the group's one sender serves them all).</summary>
    Multicast,
}

/// <summary>The wire names of <see cref="ReaderKind"/>s.</summary>
public static class ReaderKinds
{
    public static IReadOnlyList<ReaderKind> All { get; } = Enum.GetValues<ReaderKind>();

    public static string Name(this ReaderKind kind) => kind switch
    {
        ReaderKind.RtspUdp => "rtsp-udp",
        ReaderKind.RtspTcp => "rtsp-tcp",
        ReaderKind.RtspTls => "rtsp-tls",
        ReaderKind.RtspHttp => "rtsp-http",
        ReaderKind.WebSocket => "websocket",
        ReaderKind.Hls => "hls",
        ReaderKind.Recorder => "recorder",
        ReaderKind.Relay => "relay",
        ReaderKind.Push => "push",
        ReaderKind.Multicast => "multicast",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a reader kind"),
    };
}
