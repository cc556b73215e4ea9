namespace MediaActors;

/// <summary>
/// The audio a session carries (<see cref="RtspServer.CreateSession(string, VideoType, AudioType?)"/>):
/// G.711 µ-law is the K230's format and what <c>enableAudio: true</c> selects. Only the K230
/// facade uses it: it maps it to <see cref="Protocol.Formats.Codec"/>, which everything behind it uses.
/// </summary>
public enum AudioType
{
    /// <summary>G.711 µ-law, 8 kHz mono, RTP payload type 0: one byte per sample, passed through.</summary>
    Pcmu = 0,

    /// <summary>G.711 A-law, 8 kHz mono, RTP payload type 8.</summary>
    Pcma = 1,

    /// <summary>AAC in ADTS frames (as encoders and ffmpeg emit them), sent per RFC 3640 (mpeg4-generic, AAC-hbr).</summary>
    Aac = 2,
}
