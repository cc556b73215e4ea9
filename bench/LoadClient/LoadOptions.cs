namespace MediaActors.LoadClient;

/// <summary>
/// How a client receives the stream: RTP as UDP datagrams to its own ports, or to the server's
/// multicast group, or interleaved in its RTSP connection; or fMP4 over a WebSocket as the browser's player does.
/// </summary>
public enum StreamTransport
{
    Udp,
    Tcp,
    WebSocket,
    Multicast,
}

/// <summary>What one load run does.</summary>
/// <param name="Url">The stream: `rtsp://host:port/path` over UDP and TCP, `ws://host:port/path/ws` over a WebSocket.</param>
/// <param name="Clients">Clients held at once.</param>
/// <param name="Duration">How long every client is measured, counted from when the last one started playing.</param>
/// <param name="ConnectRate">Clients set up per second at most (a burst of hundreds of connects is a different test).</param>
public sealed record LoadOptions(Uri Url, int Clients, StreamTransport Transport, TimeSpan Duration, double ConnectRate = 200)
{
    /// <summary>How long each RTSP request, or a WebSocket's connect and upgrade, may wait for its response.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a playing RTSP client sends GET_PARAMETER, well within the usual 60 s session timeout.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>SO_RCVBUF asked for each client's RTP socket (UDP), RTSP connection (TCP) or WebSocket's connection.</summary>
    public int ReceiveBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Before the measured clients, one client plays this long and leaves, uncounted: what runs for
    /// the first time (the server's path for this transport, this process's receive code) is then
    /// compiled before anyone's first-frame time is taken. Zero: no warm-up.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// How long after the last client started playing the window starts: a client that joins gets
    /// the current GOP at once (the server's instant start), a burst that is not the steady cost of
    /// a client. Zero: the window starts right away.
    /// </summary>
    public TimeSpan Settle { get; init; } = TimeSpan.Zero;
}
