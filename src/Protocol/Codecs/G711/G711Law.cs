namespace MediaActors.Protocol.Codecs.G711;

/// <summary>The two companding laws of ITU-T G.711.</summary>
public enum G711Law
{
    /// <summary>µ-law (North America, Japan): RTP payload type 0, PCMU. What the K230 server sends.</summary>
    MuLaw,

    /// <summary>A-law (Europe, most of the world): RTP payload type 8, PCMA.</summary>
    ALaw,
}
