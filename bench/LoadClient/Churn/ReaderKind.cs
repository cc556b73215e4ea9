namespace MediaActors.LoadClient.Churn;

/// <summary>How a churning reader receives its session: RTP over UDP or interleaved in TCP, fMP4 over the /ws WebSocket, or HLS (playlist and segments over HTTP).</summary>
public enum ReaderKind
{
    Udp,
    Tcp,
    WebSocket,
    Hls,
}
