namespace MediaActors.Protocol.Rtp;

/// <summary>
/// One unit of received audio as a decoder or muxer takes it: an AAC access unit (no ADTS
/// header), or the G.711 bytes of one packet.
/// </summary>
/// <param name="Data">The encoded bytes; the frame owns them, so they stay valid after the next push.</param>
/// <param name="RtpTimestamp">The RTP time of the first sample, in the stream's clock rate.</param>
/// <param name="Samples">Samples per channel the frame holds: how far the RTP clock advances over it.</param>
public readonly record struct AudioFrame(ReadOnlyMemory<byte> Data, uint RtpTimestamp, int Samples);
