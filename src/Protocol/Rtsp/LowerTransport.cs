namespace MediaActors.Protocol.Rtsp;

/// <summary>How RTP travels: over its own UDP ports, or interleaved on the RTSP TCP connection.</summary>
public enum LowerTransport
{
    Udp,
    Tcp,
}
