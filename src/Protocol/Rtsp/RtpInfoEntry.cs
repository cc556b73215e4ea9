namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// One track of the RTP-Info header of a PLAY reply: the first packet's sequence number and RTP
/// timestamp, which players (ExoPlayer) need to map RTP time to play time.
/// </summary>
/// <param name="Url">The track URL, as the client used it in SETUP.</param>
/// <param name="SequenceNumber">Sequence number of the first packet the client will receive.</param>
/// <param name="RtpTime">RTP timestamp corresponding to the start of the Range.</param>
public readonly record struct RtpInfoEntry(string Url, ushort SequenceNumber, uint RtpTime);
