namespace MediaActors.Hardware;

/// <summary>Compression standard of an encoded audio stream.</summary>
public enum AudioCodec
{
    /// <summary>G.711 µ-law, one byte per sample; RTP payload type 0, the only audio the K230 server sends.</summary>
    Pcmu,

    /// <summary>G.711 A-law, one byte per sample; RTP payload type 8.</summary>
    Pcma,

    /// <summary>AAC-LC in ADTS frames of 1024 samples each.</summary>
    Aac,
}
