namespace MediaActors.LoadClient;

/// <summary>How the RTP packets of a client travel: UDP datagrams, or interleaved in its RTSP connection.</summary>
public enum RtpTransport
{
    Udp,
    Tcp,
}

/// <summary>What one load run does.</summary>
/// <param name="Url">The stream, `rtsp://host:port/path`.</param>
/// <param name="Clients">Sessions held at once.</param>
/// <param name="Duration">How long every client is measured, counted from when the last one started playing.</param>
/// <param name="ConnectRate">Clients set up per second at most (a burst of hundreds of connects is a different test).</param>
public sealed record LoadOptions(Uri Url, int Clients, RtpTransport Transport, TimeSpan Duration, double ConnectRate = 200)
{
    /// <summary>How long each RTSP request may wait for its response.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a playing client sends GET_PARAMETER, well within the usual 60 s session timeout.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>SO_RCVBUF asked for each client's RTP socket (UDP) or RTSP connection (TCP).</summary>
    public int ReceiveBufferBytes { get; init; } = 4 * 1024 * 1024;
}
