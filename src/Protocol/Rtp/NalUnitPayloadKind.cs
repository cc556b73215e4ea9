namespace MediaActors.Protocol.Rtp;

/// <summary>The packet kinds of the non-interleaved NAL-unit payload formats.</summary>
public enum NalUnitPayloadKind
{
    /// <summary>Malformed, or a kind this server does not negotiate (interleaved modes, PACI).</summary>
    Unsupported,

    /// <summary>The payload is one whole NAL unit.</summary>
    SingleNalUnit,

    /// <summary>STAP-A / AP: several NAL units, each preceded by its 16-bit size.</summary>
    Aggregation,

    /// <summary>FU-A / FU: one fragment of a NAL unit.</summary>
    Fragmentation,
}
