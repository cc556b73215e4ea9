namespace MediaActors.Protocol.Formats;

/// <summary>
/// The codecs this product carries: the one codec enum inside it, from the encoders and files
/// through the sessions to the cluster wire. What each one means (names, payload type, SDP,
/// keyframes, parameter sets, wire code, file extensions) is told by its <see cref="CodecFormat"/>
/// (<see cref="CodecFormat.Of"/>).
/// </summary>
public enum Codec
{
    /// <summary>H.264 / AVC (<see cref="H264Format"/>), what the K230 encoder produces by default.</summary>
    H264,

    /// <summary>H.265 / HEVC (<see cref="H265Format"/>).</summary>
    H265,

    /// <summary>AAC in ADTS frames from the encoder, sent per RFC 3640 (<see cref="AacFormat"/>).</summary>
    Aac,

    /// <summary>G.711 µ-law, 8 kHz, one byte per sample (<see cref="G711Format"/>): the K230's audio.</summary>
    Pcmu,

    /// <summary>G.711 A-law, 8 kHz, one byte per sample (<see cref="G711Format"/>).</summary>
    Pcma,
}
